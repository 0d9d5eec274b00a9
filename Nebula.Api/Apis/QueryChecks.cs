using Nebula.Api.Models;
using Nebula.Api.Services;
using Nebula.Core.Contracts;

namespace Nebula.Api.Apis;

/// <summary>
/// The one check of ids and list lengths that every route taking them makes before it costs a Redis or Milvus call
/// (the same rules the interactions obey): 400 ValidationProblem naming each bad value.
/// </summary>
internal static class QueryChecks
{
    public static IResult? Check(string? userId, int? k, ApiOptions options, string? itemId = null) =>
        Check(userId, k, options, null, out _, itemId);

    /// <summary>The same checks and the filter's (<see cref="ItemFilter.From"/>), all reasons in one 400.</summary>
    public static IResult? Check(string? userId, int? k, ApiOptions options, ItemFilterQuery? filterQuery, out ItemFilter filter, string? itemId = null)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        filter = ItemFilter.From(filterQuery, errors) ?? ItemFilter.None;
        if (userId is not null && !InteractionRules.IsValidUserId(userId))
        {
            errors["userId"] = [$"userId must be {InteractionRules.UserIdRule}."];
        }

        if (itemId is not null && !InteractionRules.IsValidItemId(itemId))
        {
            errors["itemId"] = [$"itemId must be 1–{ItemFields.ItemIdMaxBytes} bytes of UTF-8, not blank."];
        }

        if (k is { } count && (count < 1 || count > options.MaxCount))
        {
            errors["k"] = [$"k must be between 1 and {options.MaxCount} (got {count})."];
        }

        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors, title: "Invalid request");
    }
}
