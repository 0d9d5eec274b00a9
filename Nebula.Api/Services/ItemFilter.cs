using System.Text;
using Nebula.Api.Models;
using Nebula.Core.Contracts;
using Nebula.Milvus;

namespace Nebula.Api.Services;

/// <summary>
/// A checked request-time filter: tested against an item's catalogue fields where the Api holds them (a stored list),
/// and sent to Milvus as an escaped expression where it searches, so that both agree (exact names, a price bound never
/// met by an item without a price).
/// </summary>
public sealed class ItemFilter
{
    /// <summary>Most values one filter part takes; an expression stays far below Milvus' size limits.</summary>
    public const int MaxValues = 100;

    public static readonly ItemFilter None = new([], [], null, null, []);

    private readonly HashSet<string> _categories;
    private readonly HashSet<string> _brands;
    private readonly HashSet<string> _excluded;

    private ItemFilter(IEnumerable<string> categories, IEnumerable<string> brands, double? minPrice, double? maxPrice, IEnumerable<string> excluded)
    {
        _categories = new HashSet<string>(categories, StringComparer.Ordinal);
        _brands = new HashSet<string>(brands, StringComparer.Ordinal);
        _excluded = new HashSet<string>(excluded, StringComparer.Ordinal);
        MinPrice = minPrice;
        MaxPrice = maxPrice;
    }

    public double? MinPrice { get; }

    public double? MaxPrice { get; }

    /// <summary>No part given: every item matches.</summary>
    public bool IsEmpty => _categories.Count == 0 && _brands.Count == 0 && MinPrice is null && MaxPrice is null && _excluded.Count == 0;

    /// <summary>The filter the query asks for, or the reasons it is refused, by parameter name (for a 400).</summary>
    public static ItemFilter? From(ItemFilterQuery? query, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (query is null)
        {
            return None;
        }

        var before = errors.Count;
        CheckNames(query.Category, "category", ItemFields.CategoryMaxBytes, errors);
        CheckNames(query.Brand, "brand", ItemFields.BrandMaxBytes, errors);
        CheckPrice(query.MinPrice, "minPrice", errors);
        CheckPrice(query.MaxPrice, "maxPrice", errors);
        if (query.MinPrice is { } min && query.MaxPrice is { } max && min > max)
        {
            errors["maxPrice"] = [FormattableString.Invariant($"maxPrice ({max}) must not be below minPrice ({min}).")];
        }

        if (query.Exclude is { } excluded)
        {
            if (excluded.Length > MaxValues)
            {
                errors["exclude"] = [$"exclude takes at most {MaxValues} item ids (got {excluded.Length})."];
            }
            else if (excluded.FirstOrDefault(id => !InteractionRules.IsValidItemId(id)) is { } bad)
            {
                errors["exclude"] = [$"exclude must be item ids of 1–{ItemFields.ItemIdMaxBytes} bytes of UTF-8, not blank (got '{bad}')."];
            }
        }

        return errors.Count > before
            ? null
            : new ItemFilter(query.Category ?? [], query.Brand ?? [], query.MinPrice, query.MaxPrice, query.Exclude ?? []);
    }

    /// <summary>Whether <paramref name="item"/> meets every part.</summary>
    public bool Matches(ItemDetails item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return !_excluded.Contains(item.ItemId)
            && (_categories.Count == 0 || item.Categories.Any(_categories.Contains))
            && (_brands.Count == 0 || (item.Brand is { } brand && _brands.Contains(brand)))
            && (MinPrice is not { } min || item.Price >= min)
            && (MaxPrice is not { } max || item.Price <= max);
    }

    /// <summary>The Milvus expression for every part, also leaving out <paramref name="alsoExcluded"/>; null when nothing is filtered.</summary>
    public string? ToExpression(IEnumerable<string>? alsoExcluded = null)
    {
        var excluded = alsoExcluded is null ? _excluded : [.. _excluded.Union(alsoExcluded, StringComparer.Ordinal)];
        return MilvusFilter.And(
            _categories.Count > 0 ? MilvusFilter.ContainsAny(ItemFields.Categories, _categories.Order(StringComparer.Ordinal)) : null,
            _brands.Count > 0 ? MilvusFilter.In(ItemFields.Brand, _brands.Order(StringComparer.Ordinal)) : null,
            MinPrice is { } min ? MilvusFilter.AtLeast(ItemFields.Price, min) : null,
            MaxPrice is { } max ? MilvusFilter.AtMost(ItemFields.Price, max) : null,
            excluded.Count > 0 ? MilvusFilter.NotIn(ItemFields.ItemId, excluded.Order(StringComparer.Ordinal)) : null);
    }

    private static void CheckNames(string[]? values, string name, int maxBytes, Dictionary<string, string[]> errors)
    {
        if (values is null)
        {
            return;
        }

        if (values.Length > MaxValues)
        {
            errors[name] = [$"{name} may be given at most {MaxValues} times (got {values.Length})."];
        }
        else if (values.Any(v => string.IsNullOrWhiteSpace(v) || Encoding.UTF8.GetByteCount(v) > maxBytes))
        {
            errors[name] = [$"Each {name} must be 1–{maxBytes} bytes of UTF-8, not blank."];
        }
    }

    private static void CheckPrice(double? price, string name, Dictionary<string, string[]> errors)
    {
        if (price is { } value && (!double.IsFinite(value) || value < 0))
        {
            errors[name] = [FormattableString.Invariant($"{name} must be a finite number of at least 0 (got {value}).")];
        }
    }
}
