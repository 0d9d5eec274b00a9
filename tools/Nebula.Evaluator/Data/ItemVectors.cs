using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Nebula.Catalog.Embeddings;
using Nebula.Catalog.Reading;

namespace Nebula.Evaluator.Data;

/// <summary>
/// The catalogue's vectors, row by row in item order, embedded exactly as the Embedder does (same text, model and
/// token budget) and cached on disk under a hash of all of that, so a second run embeds nothing.
/// </summary>
public sealed class ItemVectors
{
    private readonly Dictionary<string, int> _index;

    private ItemVectors(IReadOnlyList<string> itemIds, float[] rows)
    {
        ItemIds = itemIds;
        Rows = rows;
        _index = itemIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> ItemIds { get; }

    /// <summary>Item i's unit vector is <c>Rows[i * Dimensions .. (i + 1) * Dimensions]</c>.</summary>
    public float[] Rows { get; }

    public int Count => ItemIds.Count;

    public static int Dimensions => TextEmbeddingModel.Dimensions;

    public ReadOnlySpan<float> this[int item] => Rows.AsSpan(item * Dimensions, Dimensions);

    public bool TryGetIndex(string itemId, out int index) => _index.TryGetValue(itemId, out index);

    /// <summary>Vectors already at hand (row i belongs to <paramref name="itemIds"/>[i]).</summary>
    public static ItemVectors FromRows(IReadOnlyList<string> itemIds, float[] rows)
    {
        return rows.Length == itemIds.Count * Dimensions
            ? new ItemVectors(itemIds, rows)
            : throw new ArgumentException($"{itemIds.Count} items need {itemIds.Count * Dimensions} floats, got {rows.Length}.", nameof(rows));
    }

    public static ItemVectors Load(IReadOnlyList<CatalogItem> items, EmbeddingModelOptions modelOptions, string cacheDirectory, Action<int, int>? progress = null)
    {
        var texts = items.Select(ItemText.Compose).ToArray();
        var key = CacheKey(items, texts, modelOptions.MaxTokens, modelOptions.Precision);
        var path = Path.Combine(cacheDirectory, $"{key}.f32");
        var ids = items.Select(item => item.ItemId).ToArray();
        if (File.Exists(path) && new FileInfo(path).Length == (long)items.Count * Dimensions * sizeof(float))
        {
            var cached = new float[items.Count * Dimensions];
            using var file = File.OpenRead(path);
            file.ReadExactly(MemoryMarshal.AsBytes(cached.AsSpan()));
            progress?.Invoke(items.Count, items.Count);
            return new ItemVectors(ids, cached);
        }

        using var model = new TextEmbeddingModel(modelOptions);
        var rows = new float[items.Count * Dimensions];
        const int Chunk = 512;
        for (var start = 0; start < texts.Length; start += Chunk)
        {
            var vectors = model.Embed(texts[start..Math.Min(texts.Length, start + Chunk)]);
            for (var i = 0; i < vectors.Length; i++)
            {
                vectors[i].CopyTo(rows.AsSpan((start + i) * Dimensions, Dimensions));
            }

            progress?.Invoke(Math.Min(texts.Length, start + Chunk), texts.Length);
        }

        Directory.CreateDirectory(cacheDirectory);
        var temporary = path + ".tmp";
        using (var file = File.Create(temporary))
        {
            file.Write(MemoryMarshal.AsBytes(rows.AsSpan()));
        }

        File.Move(temporary, path, overwrite: true);
        return new ItemVectors(ids, rows);
    }

    private static string CacheKey(IReadOnlyList<CatalogItem> items, string[] texts, int maxTokens, EmbeddingPrecision precision)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{ModelFiles.Identity(precision)}|{maxTokens}|{items.Count}\n"));
        for (var i = 0; i < texts.Length; i++)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{items[i].ItemId}\t{texts[i]}\n"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset(), 0, 16);
    }
}
