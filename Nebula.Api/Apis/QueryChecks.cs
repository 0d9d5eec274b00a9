using Nebula.Core.Contracts;

namespace Nebula.Api.Apis;

/// <summary>Checks shared by the routes that take a user id or a list length.</summary>
internal static class QueryChecks
{
    public static IResult? Check(string? userId, int? k, ApiOptions options)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (userId is not null && !InteractionRules.IsValidUserId(userId))
        {
            errors["userId"] = [$"userId must be {InteractionRules.UserIdRule}."];
        }

        if (k is { } count && (count < 1 || count > options.MaxCount))
        {
            errors["k"] = [$"k must be between 1 and {options.MaxCount} (got {count})."];
        }

        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors, title: "Invalid request");
    }
}
