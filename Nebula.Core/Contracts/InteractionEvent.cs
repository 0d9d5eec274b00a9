using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Nebula.Core.Contracts;

/// <summary>One interaction, as the Api stamps it and the worker applies it (design §4). Key = <see cref="UserId"/>.</summary>
public sealed record InteractionEvent(Guid EventId, string UserId, string ItemId, string Type, DateTimeOffset OccurredAt);

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
        !string.IsNullOrWhiteSpace(itemId) && System.Text.Encoding.UTF8.GetByteCount(itemId) <= ItemsSchema.ItemIdMaxBytes;
}

/// <summary>The event's wire format: camelCase JSON, UTF-8.</summary>
public static class InteractionEventSerializer
{
    public static string Serialize(InteractionEvent interaction) =>
        JsonSerializer.Serialize(interaction, NebulaJsonContext.Default.InteractionEvent);

    /// <summary>Parses a message value; <paramref name="reason"/> says what is wrong when it returns false.</summary>
    public static bool TryParse(string? json, out InteractionEvent? interaction, out string reason)
    {
        interaction = null;
        if (string.IsNullOrWhiteSpace(json))
        {
            reason = "The message has no value.";
            return false;
        }

        InteractionEvent? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(json, NebulaJsonContext.Default.InteractionEvent);
        }
        catch (JsonException e)
        {
            reason = $"The message is not an interaction event: {e.Message}";
            return false;
        }

        reason = parsed switch
        {
            null => "The message is JSON null.",
            { EventId: var id } when id == Guid.Empty => "eventId is missing.",
            { UserId: var user } when !InteractionRules.IsValidUserId(user) => $"userId '{Excerpt(user)}' is not {InteractionRules.UserIdRule}.",
            { ItemId: var item } when !InteractionRules.IsValidItemId(item) => $"itemId '{Excerpt(item)}' is empty or longer than {ItemsSchema.ItemIdMaxBytes} bytes.",
            { Type: null or "" } => "type is missing.",
            { OccurredAt: var at } when at == default => "occurredAt is missing.",
            _ => "",
        };
        if (reason.Length > 0)
        {
            return false;
        }

        interaction = parsed;
        return true;
    }

    private static string Excerpt(string? text) => text is null ? "" : text.Length <= 64 ? text : text[..64] + "…";
}

/// <summary>Source-generated JSON for the contracts that cross process boundaries.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(InteractionEvent))]
[JsonSerializable(typeof(RecommendationList))]
public sealed partial class NebulaJsonContext : JsonSerializerContext;
