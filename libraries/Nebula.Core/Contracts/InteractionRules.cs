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

    public static bool IsValidItemId(string? itemId) =>
        !string.IsNullOrWhiteSpace(itemId) && System.Text.Encoding.UTF8.GetByteCount(itemId) <= ItemFields.ItemIdMaxBytes;
}
