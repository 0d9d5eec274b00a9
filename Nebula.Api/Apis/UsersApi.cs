using Microsoft.Extensions.Options;
using Nebula.Api.Models;
using Nebula.Api.Security;
using Nebula.Api.Services;
using Nebula.Core.Contracts;

namespace Nebula.Api.Apis;

/// <summary>A shopper's data: export it or forget the shopper (privacy requests, admin keys only), or fold a guest into it (sign-in).</summary>
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

        app.MapPost("/users/{userId}/merge", MergeUsers)
            .WithTags("Users")
            .RequireAuthorization(Extensions.ApiSecurityExtensions.MergeUsersPolicy)
            .WithName("MergeUsers")
            .WithSummary("A guest signs in: fold the guest into the user")
            .WithDescription("The user's profile becomes the two profiles merged as if the guest's events had been the user's, in time order; " +
                "the user's list becomes both lists merged (less everything either touched) until the user's next event ranks it afresh, and the user's streams get it; " +
                "the guest is then forgotten (keys deleted, streams ended, events still in the topic dropped). A key with the ingest role, not a shopper token. " +
                "Idempotent: 204 whether or not anything was held about the guest.")
            .Accepts<UserMergeRequest>("application/json")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static async Task<IResult> MergeUsers(string userId, UserMergeRequest request, UserDataStore users, IOptions<ApiOptions> options)
    {
        if (QueryChecks.Check(userId, null, options.Value) is { } problem)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);

        if (request.From is null || !InteractionRules.IsValidUserId(request.From))
        {
            errors["from"] = [$"from must be the guest's user id, {InteractionRules.UserIdRule}."];
        }
        else if (string.Equals(request.From, userId, StringComparison.Ordinal))
        {
            errors["from"] = ["from must be another user than the one merged into."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid merge");
        }

        return await users.MergeAsync(userId, request.From!)
            ? TypedResults.NoContent()
            : TypedResults.Problem(
                $"The worker kept changing '{userId}' or '{request.From}' while they were merged; try again.", statusCode: StatusCodes.Status409Conflict, title: "Merge conflict");
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
