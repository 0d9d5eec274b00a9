using Microsoft.Extensions.Options;
using Nebula.Api.Security;
using Nebula.Api.Services;

namespace Nebula.Api.Apis;

/// <summary>Live catalogue changes. Admin keys only.</summary>
public static class CatalogAdminApi
{
    public static IEndpointRouteBuilder MapCatalogAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/items/{itemId}/hidden").WithTags("Catalogue").RequireAuthorization(ApiRoles.Admin);

        group.MapPut("/", HideItem)
            .WithName("HideItem")
            .WithSummary("Hide an item")
            .WithDescription("From the moment this returns, no route serves the item (lists already stored included) and the worker ranks it no more; " +
                "it stays in the catalogue and in shoppers' history, and events for it are still accepted. Idempotent: 204. 404 for an item not in the catalogue.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapDelete("/", UnhideItem)
            .WithName("UnhideItem")
            .WithSummary("Show a hidden item again")
            .WithDescription("The item is served and ranked again. Idempotent: 204 whether or not it was hidden.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
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

    public static async Task<IResult> UnhideItem(string itemId, HiddenItems hiddenItems, IOptions<ApiOptions> options)
    {
        if (QueryChecks.Check(null, null, options.Value, itemId) is { } problem)
        {
            return problem;
        }

        await hiddenItems.UnhideAsync(itemId);
        return TypedResults.NoContent();
    }
}
