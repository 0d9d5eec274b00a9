using Microsoft.Extensions.Options;
using Nebula.Api.Models;
using Nebula.Api.Security;
using Nebula.Api.Services;

namespace Nebula.Api.Apis;

/// <summary>Live catalogue changes: upsert, delete, hide and show one item. Admin keys only.</summary>
public static class CatalogAdminApi
{
    public static IEndpointRouteBuilder MapCatalogAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/items/{itemId}").WithTags("Catalogue").RequireAuthorization(ApiRoles.Admin);

        group.MapPut("/", UpsertItem)
            // Embedding runs the model on the request's thread, as a search does, so it shares the searches' limit.
            .RequireRateLimiting(Extensions.ApiLimitsExtensions.SearchConcurrencyPolicy)
            .WithName("UpsertItem")
            .WithSummary("Add or replace one item")
            .WithDescription("Embeds the item's text on the spot (as the Embedder does) and stores it: searchable, similar to others and " +
                "recommendable from the moment this returns, and events for it are accepted. 201 with the item when it is new, 200 when it replaced one. " +
                "A deleted item comes back shown; a hidden one stays hidden.")
            .Accepts<ItemUpsert>("application/json")
            .Produces<ItemDetails>(StatusCodes.Status201Created)
            .Produces<ItemDetails>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapDelete("/", DeleteItem)
            .WithName("DeleteItem")
            .WithSummary("Delete an item")
            .WithDescription("From the moment this returns, no route serves the item (lists already stored included), events for it are refused, " +
                "and the links shoppers made from it to other items are gone. Shoppers' history keeps it. Idempotent: 204. 404 for an item never in the catalogue.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapPut("/hidden", HideItem)
            .WithName("HideItem")
            .WithSummary("Hide an item")
            .WithDescription("From the moment this returns, no route serves the item (lists already stored included) and the worker ranks it no more; " +
                "it stays in the catalogue and in shoppers' history, and events for it are still accepted. Idempotent: 204. 404 for an item not in the catalogue.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapDelete("/hidden", UnhideItem)
            .WithName("UnhideItem")
            .WithSummary("Show a hidden item again")
            .WithDescription("The item is served and ranked again. Idempotent: 204 whether or not it was hidden. 409 for a deleted item (upsert it to bring it back).")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static async Task<IResult> UpsertItem(
        string itemId, ItemUpsert item, CatalogEditor editor, ItemCatalog catalog, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        if (QueryChecks.Check(null, null, options.Value, itemId) is { } problem)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (item.ToCatalogItem(itemId, errors) is not { } catalogItem)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid item");
        }

        var created = await editor.UpsertAsync(catalogItem, cancellationToken);
        var stored = await catalog.FindAsync(itemId, cancellationToken)
            ?? throw new InvalidOperationException($"Item '{itemId}' was upserted but Milvus does not return it.");
        return created ? TypedResults.Created($"/items/{Uri.EscapeDataString(itemId)}", stored) : TypedResults.Ok(stored);
    }

    public static async Task<IResult> DeleteItem(string itemId, CatalogEditor editor, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        if (QueryChecks.Check(null, null, options.Value, itemId) is { } problem)
        {
            return problem;
        }

        return await editor.DeleteAsync(itemId, cancellationToken) ? TypedResults.NoContent() : ItemsApi.UnknownItem(itemId);
    }

    public static async Task<IResult> HideItem(string itemId, ItemCatalog catalog, HiddenItems hiddenItems, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        if (QueryChecks.Check(null, null, options.Value, itemId) is { } problem)
        {
            return problem;
        }

        if (await catalog.FindAsync(itemId, cancellationToken) is null)
        {
            return ItemsApi.UnknownItem(itemId);
        }

        await hiddenItems.HideAsync(itemId);
        return TypedResults.NoContent();
    }

    public static async Task<IResult> UnhideItem(string itemId, HiddenItems hiddenItems, CatalogEditor editor, IOptions<ApiOptions> options)
    {
        if (QueryChecks.Check(null, null, options.Value, itemId) is { } problem)
        {
            return problem;
        }

        if (await editor.IsDeletedAsync(itemId))
        {
            return TypedResults.Problem(
                $"Item '{itemId}' was deleted; upsert it (PUT /items/{itemId}) to bring it back.", statusCode: StatusCodes.Status409Conflict, title: "Deleted item");
        }

        await hiddenItems.UnhideAsync(itemId);
        return TypedResults.NoContent();
    }
}
