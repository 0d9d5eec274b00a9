using Microsoft.Extensions.Options;
using Nebula.Api.Models;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;

namespace Nebula.Api.Services;

/// <summary>The Api's checks of an interaction: well-formed (400), a configured type (422), a known item (404).</summary>
public sealed class InteractionValidator(ItemCatalog catalog, IOptions<RecommendationOptions> options)
{
    private readonly RecommendationOptions _options = options.Value;

    /// <summary>The problem with the interaction, or null when it can be published. <paramref name="knownItems"/> avoids a lookup per event in a batch.</summary>
    public async Task<InteractionProblem?> ValidateAsync(
        InteractionRequest request, CancellationToken cancellationToken, IReadOnlyDictionary<string, ItemDetails>? knownItems = null)
    {
        var (userId, itemId, type, eventId) = request;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (eventId == Guid.Empty)
        {
            errors["eventId"] = ["eventId must not be the all-zero UUID; leave it out and the Api assigns one."];
        }

        if (!InteractionRules.IsValidUserId(userId))
        {
            errors["userId"] = [$"userId must be {InteractionRules.UserIdRule} (got {Describe(userId)})."];
        }

        if (!InteractionRules.IsValidItemId(itemId))
        {
            errors["itemId"] = [$"itemId must be a non-empty id of at most {ItemFields.ItemIdMaxBytes} bytes (got {Describe(itemId)})."];
        }

        if (string.IsNullOrEmpty(type))
        {
            errors["type"] = [$"type is required: one of {_options.EventTypeList}."];
        }

        if (errors.Count > 0)
        {
            return new InteractionProblem(StatusCodes.Status400BadRequest, "The interaction is malformed", "One or more fields are invalid.", errors);
        }

        if (!_options.IsEventType(type))
        {
            return new InteractionProblem(StatusCodes.Status422UnprocessableEntity, "Unknown event type", _options.UnknownEventType(type));
        }

        var known = knownItems is not null
            ? knownItems.ContainsKey(itemId!)
            : await catalog.FindAsync(itemId!, cancellationToken) is not null;
        return known ? null : new InteractionProblem(StatusCodes.Status404NotFound, "Unknown item", $"Item '{itemId}' is not in the catalogue.");
    }

    private static string Describe(string? value) => value switch
    {
        null => "nothing",
        "" => "an empty string",
        { Length: > 40 } => $"{value.Length} characters",
        _ => $"'{value}'",
    };
}
