using Microsoft.AspNetCore.Mvc;

namespace Nebula.Api.Models;

/// <summary>
/// The filter a list route takes in its query string (bound with <c>[AsParameters]</c>), all parts combinable:
/// <c>category</c> and <c>brand</c> repeatable (any of them), a price range, and ids to leave out.
/// </summary>
public sealed class ItemFilterQuery
{
    /// <summary>Items in any of these categories, at any level of the item's category path; exact names.</summary>
    [FromQuery(Name = "category")]
    public string[]? Category { get; init; }

    /// <summary>Items of any of these brands; exact names.</summary>
    [FromQuery(Name = "brand")]
    public string[]? Brand { get; init; }

    /// <summary>Items priced at least this (an item without a price does not match a price bound).</summary>
    [FromQuery(Name = "minPrice")]
    public double? MinPrice { get; init; }

    /// <summary>Items priced at most this.</summary>
    [FromQuery(Name = "maxPrice")]
    public double? MaxPrice { get; init; }

    /// <summary>Item ids never to return.</summary>
    [FromQuery(Name = "exclude")]
    public string[]? Exclude { get; init; }
}
