using System.Text;
using Nebula.Catalog.Reading;
using Nebula.Core.Contracts;

namespace Nebula.Api.Models;

/// <summary>
/// The body of <c>PUT /items/{id}</c>: one catalogue item, as the Embedder would read it from a catalogue file. Its
/// text is cleaned the same way (HTML removed, whitespace collapsed) and embedded from title, brand, categories and
/// description.
/// </summary>
public sealed record ItemUpsert(
    string? Title,
    string? Brand = null,
    IReadOnlyList<string?>? Categories = null,
    decimal? Price = null,
    string? ImageUrl = null,
    string? Description = null)
{
    /// <summary>The longest description taken, in characters; the model reads far fewer tokens than this anyway.</summary>
    public const int MaxDescriptionLength = 20_000;

    /// <summary>The item to store, or null with every reason in <paramref name="errors"/> (field name → messages).</summary>
    public CatalogItem? ToCatalogItem(string itemId, IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var title = CatalogText.Clean(Title);
        var brand = CatalogText.Clean(Brand);
        var categories = CatalogText.CleanList(Categories ?? []);
        var description = CatalogText.Clean(Description);

        if (title is null)
        {
            errors["title"] = ["title is required and must have visible text."];
        }
        else if (Encoding.UTF8.GetByteCount(title) > ItemFields.TitleMaxBytes)
        {
            errors["title"] = [$"title must be at most {ItemFields.TitleMaxBytes} bytes of UTF-8."];
        }

        if (brand is not null && Encoding.UTF8.GetByteCount(brand) > ItemFields.BrandMaxBytes)
        {
            errors["brand"] = [$"brand must be at most {ItemFields.BrandMaxBytes} bytes of UTF-8."];
        }

        if (categories.Count > ItemFields.MaxCategories)
        {
            errors["categories"] = [$"At most {ItemFields.MaxCategories} categories (got {categories.Count})."];
        }
        else if (categories.FirstOrDefault(c => Encoding.UTF8.GetByteCount(c) > ItemFields.CategoryMaxBytes) is { } longCategory)
        {
            errors["categories"] = [$"Each category must be at most {ItemFields.CategoryMaxBytes} bytes of UTF-8 ('{longCategory[..Math.Min(40, longCategory.Length)]}…' is longer)."];
        }

        if (Price is < 0)
        {
            errors["price"] = [$"price must not be negative (got {Price})."];
        }

        if (ImageUrl is not null
            && (!Uri.TryCreate(ImageUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
                || Encoding.UTF8.GetByteCount(ImageUrl) > ItemFields.ImageUrlMaxBytes))
        {
            errors["imageUrl"] = [$"imageUrl must be an absolute http or https address of at most {ItemFields.ImageUrlMaxBytes} bytes."];
        }

        if (description?.Length > MaxDescriptionLength)
        {
            errors["description"] = [$"description must be at most {MaxDescriptionLength} characters."];
        }

        return errors.Count > 0 ? null : new CatalogItem(itemId, title!, brand, categories, Price, ImageUrl, description);
    }
}
