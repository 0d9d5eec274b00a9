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
    /// A short hash of what decides the vector: the model and its precision (<see cref="ModelFiles.Identity"/>), the
    /// token budget and the text.
    /// </summary>
    public static string Hash(string text, int maxTokens, EmbeddingPrecision precision)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{ModelFiles.Identity(precision)}|{maxTokens}|{text}"));
        return Convert.ToHexString(hash, 0, 12);
    }
}
