using Microsoft.Extensions.Options;
using Nebula.Api.Models;
using Nebula.Api.Security;
using Nebula.Api.Services;

namespace Nebula.Api.Apis;

/// <summary>A shopper's data, for privacy requests: export it, or forget the shopper. Admin keys only.</summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/users/{userId}").WithTags("Users").RequireAuthorization(ApiRoles.Admin);

        group.MapDelete("/", ForgetUser)
            .WithName("ForgetUser")
            .WithSummary("Forget a user")
            .WithDescription("Deletes everything held about the user (profile, list, event ids, idempotency records) and ends their streams; " +
                "events for the user already in the topic are dropped by the worker, later ones start afresh. " +
                "The transitions and popularity their events added stay: they are sums over everyone. Idempotent: 204 whether or not anything was held.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/export", ExportUser)
            .WithName("ExportUser")
            .WithSummary("Everything held about a user")
            .WithDescription("The taste profile, the current list, and the event ids applied and published, each with its time; 404 when nothing is held.")
            .Produces<UserDataExport>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static async Task<IResult> ForgetUser(string userId, UserDataStore users, IOptions<ApiOptions> options)
    {
        if (QueryChecks.Check(userId, null, options.Value) is { } problem)
        {
            return problem;
        }

        await users.ForgetAsync(userId);
        return TypedResults.NoContent();
    }

    public static async Task<IResult> ExportUser(string userId, UserDataStore users, IOptions<ApiOptions> options)
    {
        if (QueryChecks.Check(userId, null, options.Value) is { } problem)
        {
            return problem;
        }

        return await users.ExportAsync(userId) is { } export
            ? TypedResults.Ok(export)
            : TypedResults.Problem($"Nothing is held about user '{userId}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown user");
    }
}
