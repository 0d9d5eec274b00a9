using System.ComponentModel.DataAnnotations;
using System.Text;
using Nebula.Core.Catalog;
using Nebula.Core.Embeddings;
using Nebula.Core.Milvus;

namespace Nebula.Core.Contracts;

/// <summary>The Milvus collection of catalogue items (design §4): its fields, schema, index and row shape.</summary>
public static class ItemsSchema
{
    public const string ItemId = "itemId";
    public const string Vector = "vector";
    public const string Title = "title";
    public const string Brand = "brand";
    public const string Categories = "categories";
    public const string Price = "price";
    public const string ImageUrl = "imageUrl";
    public const string TextHash = "textHash";

    // Milvus counts VarChar max_length in bytes.
    public const int ItemIdMaxBytes = 64;
    public const int TitleMaxBytes = 2048;
    public const int BrandMaxBytes = 256;
    public const int CategoryMaxBytes = 256;
    public const int MaxCategories = 16;
    public const int ImageUrlMaxBytes = 1024;
    public const int TextHashMaxBytes = 32;

    /// <summary>Every scalar field, for <c>outputFields</c>.</summary>
    public static readonly IReadOnlyList<string> ScalarFields = [ItemId, Title, Brand, Categories, Price, ImageUrl, TextHash];

    public static MilvusCollectionSchema Schema() => new(
    [
        new MilvusField(ItemId, MilvusDataTypes.VarChar) { IsPrimary = true, ElementTypeParams = MaxLength(ItemIdMaxBytes) },
        new MilvusField(Vector, MilvusDataTypes.FloatVector) { ElementTypeParams = new Dictionary<string, int> { ["dim"] = TextEmbeddingModel.Dimensions } },
        new MilvusField(Title, MilvusDataTypes.VarChar) { ElementTypeParams = MaxLength(TitleMaxBytes) },
        new MilvusField(Brand, MilvusDataTypes.VarChar) { ElementTypeParams = MaxLength(BrandMaxBytes), Nullable = true },
        new MilvusField(Categories, MilvusDataTypes.Array)
        {
            ElementDataType = MilvusDataTypes.VarChar,
            ElementTypeParams = new Dictionary<string, int> { ["max_length"] = CategoryMaxBytes, ["max_capacity"] = MaxCategories },
        },
        new MilvusField(Price, MilvusDataTypes.Double) { Nullable = true },
        new MilvusField(ImageUrl, MilvusDataTypes.VarChar) { ElementTypeParams = MaxLength(ImageUrlMaxBytes), Nullable = true },
        new MilvusField(TextHash, MilvusDataTypes.VarChar) { ElementTypeParams = MaxLength(TextHashMaxBytes) },
    ]);

    public static MilvusIndex VectorIndex(ItemsCollectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new MilvusIndex(Vector, Vector, "COSINE", new Dictionary<string, object>
        {
            ["index_type"] = "HNSW",
            ["M"] = options.HnswM,
            ["efConstruction"] = options.HnswEfConstruction,
        });
    }

    /// <summary>The row stored for <paramref name="item"/>, with text fields cut to their byte limits on character boundaries.</summary>
    public static ItemRow ToRow(CatalogItem item, float[] vector, string textHash)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new ItemRow(
            item.ItemId,
            vector,
            Fit(item.Title, TitleMaxBytes)!,
            Fit(item.Brand, BrandMaxBytes),
            [.. item.Categories.Take(MaxCategories).Select(c => Fit(c, CategoryMaxBytes)!)],
            item.Price is { } price ? (double)price : null,
            item.ImageUrl is { } url && Encoding.UTF8.GetByteCount(url) <= ImageUrlMaxBytes ? url : null,
            textHash);
    }

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="maxBytes"/> UTF-8 bytes without splitting a character.</summary>
    public static string? Fit(string? text, int maxBytes)
    {
        if (text is null || Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        const string Ellipsis = "…";
        var budget = maxBytes - Encoding.UTF8.GetByteCount(Ellipsis);
        int low = 0, high = text.Length;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (Encoding.UTF8.GetByteCount(text.AsSpan(0, middle)) <= budget)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        if (low > 0 && char.IsHighSurrogate(text[low - 1]))
        {
            low--;
        }

        return text[..low] + Ellipsis;
    }

    private static Dictionary<string, int> MaxLength(int bytes) => new() { ["max_length"] = bytes };
}

/// <summary>One row of the <c>items</c> collection (JSON names are the field names).</summary>
public sealed record ItemRow(
    string ItemId,
    float[] Vector,
    string Title,
    string? Brand,
    IReadOnlyList<string> Categories,
    double? Price,
    string? ImageUrl,
    string TextHash);

/// <summary>The items collection's name and index settings. Section <c>Nebula:Items</c>.</summary>
public sealed class ItemsCollectionOptions
{
    public const string SectionName = "Nebula:Items";

    /// <summary>The name services use; an alias to the physical collection the Embedder built.</summary>
    [Required, RegularExpression("^[A-Za-z_][A-Za-z0-9_]{0,200}$")]
    public string CollectionName { get; set; } = "items";

    /// <summary>HNSW graph degree.</summary>
    [Range(4, 64)]
    public int HnswM { get; set; } = 16;

    /// <summary>HNSW build breadth.</summary>
    [Range(8, 1024)]
    public int HnswEfConstruction { get; set; } = 200;

    /// <summary>How long to wait for a collection to report loaded.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LoadTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
