using Nebula.Api.Models;
using Nebula.Api.Services;

namespace Nebula.Api.Apis;

/// <summary>
/// The original Python service's routes with its JSON shapes (seed-spec §1), for its existing users.
/// Unlike the original, an unknown item is a 404 and errors are ProblemDetails.
/// </summary>
public static class SeedCompatibilityApi
{
    // The original answered with a fixed message and 200, not 202.
    private const string AcceptedMessage = "Interaction event received.";

    // The original's similar-items list length.
    private const int SeedListLength = 10;

    public static IEndpointRouteBuilder MapSeedCompatibilityApi(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiOptions>>().Value;
        var group = app.MapGroup("/").WithTags("Original routes");

        group.MapPost("/interaction", PostInteraction)
            .WithName("SeedPostInteraction")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(options.MaxInteractionBodyBytes))
            .WithSummary("Record an interaction (the original's route)")
            .Produces<SeedInteractionResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/recommendations/{user_id}", GetRecommendations)
            .WithName("SeedGetRecommendations")
            .WithSummary("A user's recommended item ids (the original's route; empty without a profile)")
            .Produces<SeedRecommendationsResponse>();

        group.MapGet("/similar_items/{item_id}", GetSimilarItems)
            .WithName("SeedGetSimilarItems")
            .WithSummary("Items like this one, by squared L2 distance (the original's route)")
            .Produces<SeedSimilarItemsResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<IResult> PostInteraction(
        SeedInteractionRequest request, InteractionValidator validator, InteractionPublisher publisher, CancellationToken cancellationToken)
    {
        var (problem, _) = await InteractionsApi.AcceptAsync(request.UserId, request.ItemId, request.EventType, null, validator, publisher, cancellationToken);
        return problem ?? TypedResults.Ok(new SeedInteractionResponse("ok", AcceptedMessage));
    }

    public static async Task<IResult> GetRecommendations(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "user_id")] string userId, RecommendationReader reader)
    {
        var list = await reader.ReadListAsync(userId);
        return TypedResults.Ok(new SeedRecommendationsResponse(userId, list is null ? [] : [.. list.Items.Select(i => i.ItemId)]));
    }

    public static async Task<IResult> GetSimilarItems(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "item_id")] string itemId, ItemSearch search, CancellationToken cancellationToken)
    {
        var similar = await search.SimilarAsync(itemId, SeedListLength, cancellationToken);
        if (similar is null)
        {
            return ItemsApi.UnknownItem(itemId);
        }

        // Unit vectors: squared L2 distance = 2 − 2·cosine, ascending like the original's.
        return TypedResults.Ok(new SeedSimilarItemsResponse(itemId, [.. similar.Select(i => new SeedSimilarItem(i.ItemId, Math.Max(0, 2 - 2 * i.Score)))]));
    }
}
