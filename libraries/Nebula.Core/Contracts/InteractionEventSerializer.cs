using System.Text.Json;

namespace Nebula.Core.Contracts;

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
            { ItemId: var item } when !InteractionRules.IsValidItemId(item) => $"itemId '{Excerpt(item)}' is empty or longer than {ItemFields.ItemIdMaxBytes} bytes.",
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
