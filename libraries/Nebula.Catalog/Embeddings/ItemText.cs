using System.Security.Cryptography;
using System.Text;
using Nebula.Catalog.Reading;

namespace Nebula.Catalog.Embeddings;

/// <summary>The text embedded for a catalogue item, and its hash (which tells a re-run whether an item must be embedded again).</summary>
public static class ItemText
{
    /// <summary>Title, brand, categories and description in that order, so that truncation to the token budget cuts the description first.</summary>
    public static string Compose(CatalogItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var text = new StringBuilder(item.Title);
        if (item.Brand is { } brand)
        {
            text.Append(". ").Append(brand);
        }

        if (item.Categories.Count > 0)
        {
            text.Append(". ").AppendJoin(", ", item.Categories);
        }

        if (item.Description is { } description)
        {
            text.Append(". ").Append(description);
        }

        return text.ToString();
    }

    /// <summary>
    /// A short hash of what decides the vector: the model and its precision, the token budget and the text. (Float32
    /// hashes as the model's name alone, as before the precision was a setting, so stored float vectors stay current.)
    /// </summary>
    public static string Hash(string text, int maxTokens, EmbeddingPrecision precision)
    {
        ArgumentNullException.ThrowIfNull(text);
        var model = precision == EmbeddingPrecision.Float32 ? ModelFiles.ModelName : $"{ModelFiles.ModelName}-{precision.ToString().ToLowerInvariant()}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{model}|{maxTokens}|{text}"));
        return Convert.ToHexString(hash, 0, 12);
    }
}
