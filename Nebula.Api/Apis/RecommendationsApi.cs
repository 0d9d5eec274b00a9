using Microsoft.Extensions.Options;
using Nebula.Api.Models;
using Nebula.Api.Security;
using Nebula.Api.Services;

namespace Nebula.Api.Apis;

public static class RecommendationsApi
{
    public const string ServerSentEventType = "recommendations";

    public static IEndpointRouteBuilder MapRecommendationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/users/{userId}/recommendations").WithTags("Recommendations").RequireAuthorization(ApiRoles.Read);

        group.MapGet("/", GetRecommendations)
            .WithName("GetRecommendations")
            .WithSummary("A user's recommendations")
            .WithDescription("The list the worker keeps for the user, with catalogue fields; without a profile yet, the most popular items (source \"popular\"). Filters (category, brand, minPrice, maxPrice, exclude) draw from the deeper stored list, then from a filtered search nearest the user's profile, so the list has k items whenever the catalogue has them.")
            .Produces<RecommendationsResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        app.MapGet("/users/{userId}/profile", GetProfile)
            .RequireAuthorization(ApiRoles.Read)
            .WithTags("Recommendations")
            .WithName("GetProfile")
            .WithSummary("What the system knows of a user")
            .WithDescription("Events applied, when the profile last moved, and the most recent items the user touched (newest first, with catalogue fields; never recommended back).")
            .Produces<ProfileResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/stream", StreamRecommendations)
            .WithName("StreamRecommendations")
            .WithSummary("A user's recommendations as server-sent events")
            .WithDescription($"Sends the current list (filtered as the list route filters it), then one '{ServerSentEventType}' event each time the list changes, and a ': heartbeat' comment when it has been quiet for a while. Streams are capped in all, per user and per client (429).")
            .Produces<RecommendationsResponse>(contentType: "text/event-stream")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static async Task<IResult> GetRecommendations(
        string userId, int? k, [AsParameters] ItemFilterQuery filterQuery, RecommendationReader reader, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        if (QueryChecks.Check(userId, k, options.Value, filterQuery, out var filter) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await reader.GetAsync(userId, k ?? options.Value.DefaultCount, filter, cancellationToken));
    }

    public static async Task<IResult> GetProfile(
        string userId, int? k, RecommendationReader reader, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        if (QueryChecks.Check(userId, k, options.Value) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await reader.GetProfileAsync(userId, k ?? options.Value.DefaultCount, cancellationToken));
    }

    public static async Task<IResult> StreamRecommendations(
        string userId,
        int? k,
        [AsParameters] ItemFilterQuery filterQuery,
        HttpContext httpContext,
        RecommendationReader reader,
        RecommendationUpdates updates,
        IOptions<ApiOptions> options,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (QueryChecks.Check(userId, k, settings, filterQuery, out var filter) is { } problem)
        {
            return problem;
        }

        var count = k ?? settings.DefaultCount;
        var client = httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (updates.TryWatchUser(userId, client, out var refusal) is not { } watch)
        {
            httpContext.Response.Headers.RetryAfter = InteractionResults.RetryAfterSeconds(settings).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(refusal, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many streams");
        }

        try
        {
            // Read before answering, so that an unavailable Redis is a 503 and not a broken stream.
            var current = await reader.GetAsync(userId, count, filter, cancellationToken);
            return new RecommendationStreamResult(current, token => reader.GetAsync(userId, count, filter, token), watch, settings.StreamHeartbeat);
        }
        catch
        {
            watch.Dispose();
            throw;
        }
    }
}
