using System.Text;
using Nebula.Catalog.Reading;
using Nebula.Core.Contracts;
using Nebula.Milvus;

namespace Nebula.Catalog.Storage;

/// <summary>The <c>items</c> collection in Milvus' terms: its schema, its vector index and the row stored for a catalog item.</summary>
public static class ItemsSchema
{
    public static MilvusCollectionSchema Schema() => new(
    [
        new MilvusField(ItemFields.ItemId, MilvusDataTypes.VarChar) { IsPrimary = true, ElementTypeParams = MaxLength(ItemFields.ItemIdMaxBytes) },
        new MilvusField(ItemFields.Vector, MilvusDataTypes.FloatVector) { ElementTypeParams = new Dictionary<string, int> { ["dim"] = ItemFields.VectorDimensions } },
        new MilvusField(ItemFields.Title, MilvusDataTypes.VarChar) { ElementTypeParams = MaxLength(ItemFields.TitleMaxBytes) },
        new MilvusField(ItemFields.Brand, MilvusDataTypes.VarChar) { ElementTypeParams = MaxLength(ItemFields.BrandMaxBytes), Nullable = true },
        new MilvusField(ItemFields.Categories, MilvusDataTypes.Array)
        {
            ElementDataType = MilvusDataTypes.VarChar,
            ElementTypeParams = new Dictionary<string, int> { ["max_length"] = ItemFields.CategoryMaxBytes, ["max_capacity"] = ItemFields.MaxCategories },
        },
        new MilvusField(ItemFields.Price, MilvusDataTypes.Double) { Nullable = true },
        new MilvusField(ItemFields.ImageUrl, MilvusDataTypes.VarChar) { ElementTypeParams = MaxLength(ItemFields.ImageUrlMaxBytes), Nullable = true },
        new MilvusField(ItemFields.TextHash, MilvusDataTypes.VarChar) { ElementTypeParams = MaxLength(ItemFields.TextHashMaxBytes) },
    ]);

    public static MilvusIndex VectorIndex(ItemsCollectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new MilvusIndex(ItemFields.Vector, ItemFields.Vector, "COSINE", new Dictionary<string, object>
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
            Fit(item.Title, ItemFields.TitleMaxBytes)!,
            Fit(item.Brand, ItemFields.BrandMaxBytes),
            [.. item.Categories.Take(ItemFields.MaxCategories).Select(c => Fit(c, ItemFields.CategoryMaxBytes)!)],
            item.Price is { } price ? (double)price : null,
            item.ImageUrl is { } url && Encoding.UTF8.GetByteCount(url) <= ItemFields.ImageUrlMaxBytes ? url : null,
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
