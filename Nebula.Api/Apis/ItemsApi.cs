using Microsoft.Extensions.Options;
using Nebula.Api.Models;
using Nebula.Api.Security;
using Nebula.Api.Services;

namespace Nebula.Api.Apis;

public static class ItemsApi
{
    public static IEndpointRouteBuilder MapItemsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/items").WithTags("Items").RequireAuthorization(ApiRoles.Read);

        group.MapGet("/search", Search)
            .RequireRateLimiting(Extensions.ApiLimitsExtensions.SearchConcurrencyPolicy)
            .WithName("SearchItems")
            .WithSummary("Semantic search over the catalogue")
            .WithDescription("Embeds the query with the same model as the catalogue (all-MiniLM-L6-v2) and returns the nearest items by cosine similarity that match the filters (category, brand, minPrice, maxPrice, exclude).")
            .Produces<SearchResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/{itemId}", GetItem)
            .WithName("GetItem")
            .WithSummary("One catalogue item")
            .WithDescription("404 for an unknown item, and for a hidden one.")
            .Produces<ItemDetails>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/{itemId}/similar", GetSimilarItems)
            .WithName("GetSimilarItems")
            .WithSummary("Items like this one")
            .WithDescription("The nearest items to this item's vector by cosine similarity, itself excluded, that match the filters (category, brand, minPrice, maxPrice, exclude).")
            .Produces<SimilarItemsResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static async Task<IResult> GetItem(string itemId, ItemCatalog catalog, HiddenItems hiddenItems, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        if (QueryChecks.Check(null, null, options.Value, itemId) is { } problem)
        {
            return problem;
        }

        var hidden = hiddenItems.ReadAsync();
        return await catalog.FindAsync(itemId, cancellationToken) is { } item && !(await hidden).Contains(itemId)
            ? TypedResults.Ok(item)
            : UnknownItem(itemId);
    }

    public static async Task<IResult> GetSimilarItems(
        string itemId, int? k, [AsParameters] ItemFilterQuery filterQuery, ItemSearch search, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        if (QueryChecks.Check(null, k, options.Value, filterQuery, out var filter, itemId) is { } problem)
        {
            return problem;
        }

        var similar = await search.SimilarAsync(itemId, k ?? options.Value.DefaultCount, filter, cancellationToken);
        return similar is null ? UnknownItem(itemId) : TypedResults.Ok(new SimilarItemsResponse(itemId, similar));
    }

    public static async Task<IResult> Search(
        string? q, int? k, [AsParameters] ItemFilterQuery filterQuery, ItemSearch search, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxQueryLength;
        if (string.IsNullOrWhiteSpace(q) || q.Length > max)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["q"] = [$"q must be a search text of 1–{max} characters."] }, title: "Invalid request");
        }

        if (QueryChecks.Check(null, k, options.Value, filterQuery, out var filter) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(new SearchResponse(q, await search.SearchAsync(q, k ?? options.Value.DefaultCount, filter, cancellationToken)));
    }

    internal static IResult UnknownItem(string itemId) =>
        TypedResults.Problem($"Item '{itemId}' not found.", statusCode: StatusCodes.Status404NotFound, title: "Unknown item");
}
