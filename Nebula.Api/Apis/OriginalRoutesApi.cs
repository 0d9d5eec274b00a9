using System.Security.Claims;
using Microsoft.Extensions.Options;
using Nebula.Api.Models;
using Nebula.Api.Security;
using Nebula.Api.Services;

namespace Nebula.Api.Apis;

/// <summary>
/// The original Python service's routes with its JSON shapes (snake_case), for its existing users.
/// Unlike the original, an unknown item is a 404 and errors are ProblemDetails.
/// </summary>
public static class OriginalRoutesApi
{
    // The original answered with a fixed message and 200, not 202.
    private const string AcceptedMessage = "Interaction event received.";

    // The original's similar-items list length.
    private const int OriginalListLength = 10;

    public static IEndpointRouteBuilder MapOriginalRoutesApi(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<ApiOptions>>().Value;
        var group = app.MapGroup("/").WithTags("Original routes");

        group.MapPost("/interaction", PostInteraction)
            .RequireAuthorization(ApiRoles.Ingest)
            .WithName("OriginalPostInteraction")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(options.MaxInteractionBodyBytes))
            .WithSummary("Record an interaction (the original's route)")
            .Produces<OriginalInteractionResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/recommendations/{user_id}", GetRecommendations)
            .RequireAuthorization(ApiRoles.Read)
            .WithName("OriginalGetRecommendations")
            .WithSummary("A user's recommended item ids (the original's route; empty without a profile)")
            .Produces<OriginalRecommendationsResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/similar_items/{item_id}", GetSimilarItems)
            .RequireAuthorization(ApiRoles.Read)
            .WithName("OriginalGetSimilarItems")
            .WithSummary("Items like this one, by squared L2 distance (the original's route)")
            .Produces<OriginalSimilarItemsResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static async Task<IResult> PostInteraction(
        OriginalInteractionRequest request,
        ClaimsPrincipal user,
        InteractionValidator validator,
        InteractionPublisher publisher,
        IOptions<ApiOptions> options,
        CancellationToken cancellationToken)
    {
        if (ShopperScope.Check(user, request.UserId) is { } forbidden)
        {
            return forbidden;
        }

        var interaction = new InteractionRequest(request.UserId, request.ItemId, request.EventType);
        if (await validator.ValidateAsync(interaction, cancellationToken) is { } problem)
        {
            return problem.ToResult();
        }

        var published = (await publisher.PublishAsync([interaction], cancellationToken))[0];
        return published.Accepted is null
            ? InteractionResults.Unavailable(published.Failure!, options.Value)
            : TypedResults.Ok(new OriginalInteractionResponse("ok", AcceptedMessage));
    }

    public static async Task<IResult> GetRecommendations(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "user_id")] string userId, RecommendationReader reader, IOptions<ApiOptions> options)
    {
        if (QueryChecks.Check(userId, null, options.Value) is { } problem)
        {
            return problem;
        }

        // The stored list is deeper than a list (filters draw on the rest); the original served its top ones.
        var (list, _) = await reader.ReadVisibleListAsync(userId, OriginalListLength);
        return TypedResults.Ok(new OriginalRecommendationsResponse(userId, list is null ? [] : [.. list.Items.Select(i => i.ItemId)]));
    }

    public static async Task<IResult> GetSimilarItems(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "item_id")] string itemId, ItemSearch search, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        if (QueryChecks.Check(null, null, options.Value, itemId) is { } problem)
        {
            return problem;
        }

        var similar = await search.SimilarAsync(itemId, OriginalListLength, ItemFilter.None, cancellationToken);
        if (similar is null)
        {
            return ItemsApi.UnknownItem(itemId);
        }

        // Unit vectors: squared L2 distance = 2 − 2·cosine, ascending like the original's.
        return TypedResults.Ok(new OriginalSimilarItemsResponse(itemId, [.. similar.Select(i => new OriginalSimilarItem(i.ItemId, Math.Max(0, 2 - 2 * i.Score)))]));
    }
}
