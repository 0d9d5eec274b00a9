using System.Text.RegularExpressions;

namespace Nebula.Core.Contracts;

/// <summary>The rules every interaction obeys, checked by the Api on the way in and by the worker on the way out.</summary>
public static partial class InteractionRules
{
    public const int MaxUserIdLength = 128;

    /// <summary>What a user id may be, for error messages.</summary>
    public static readonly string UserIdRule = $"1–{MaxUserIdLength} characters of letters, digits and ._:@-";

    /// <summary>1–128 letters, digits and <c>._:@-</c>: safe in Redis keys, URLs and Milvus filters.</summary>
    [GeneratedRegex("^[A-Za-z0-9._:@-]{1,128}$", RegexOptions.CultureInvariant)]
    public static partial Regex UserIdPattern();

    public static bool IsValidUserId(string? userId) => userId is not null && UserIdPattern().IsMatch(userId);

    /// <summary>
    /// Why an event's time cannot be applied, or null when it can: later than <paramref name="now"/> by more than
    /// <paramref name="clockError"/> (a clock error, or a forged time that would keep an item first in popularity for
    /// years), or older than <paramref name="maxAge"/>.
    /// </summary>
    public static string? OccurredAtProblem(DateTimeOffset occurredAt, DateTimeOffset now, TimeSpan clockError, TimeSpan maxAge) =>
        occurredAt > now + clockError
            ? $"occurredAt {occurredAt:O} is {(occurredAt - now).TotalSeconds:0} s in the future; at most {clockError.TotalSeconds:0} s of clock error is accepted."
            : occurredAt < now - maxAge
                ? $"occurredAt {occurredAt:O} is older than {maxAge.TotalDays:0.#} days."
                : null;

    public static bool IsValidItemId(string? itemId) =>
        !string.IsNullOrWhiteSpace(itemId) && System.Text.Encoding.UTF8.GetByteCount(itemId) <= ItemFields.ItemIdMaxBytes;
}
