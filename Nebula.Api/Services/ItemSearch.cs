using Microsoft.Extensions.Options;
using Nebula.Api.Models;
using Nebula.Catalog.Embeddings;
using Nebula.Core.Contracts;
using Nebula.Milvus;

namespace Nebula.Api.Services;

/// <summary>
/// Similar items (nearest to an item's vector), semantic search (nearest to the query's embedding, same model as the
/// Embedder) and the filtered searches that fill a filtered list; filters go to Milvus as escaped expressions, and so
/// do the hidden items (<see cref="HiddenItems"/>), which similar items and search never return.
/// </summary>
public sealed class ItemSearch(MilvusClient milvus, ItemCatalog catalog, HiddenItems hiddenItems, Lazy<TextEmbeddingModel> model, IOptions<ApiOptions> options)
{
    /// <summary>The items nearest to <paramref name="itemId"/> with cosine similarity, or null for an unknown item.</summary>
    public async Task<IReadOnlyList<RecommendedItem>?> SimilarAsync(string itemId, int count, ItemFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var hidden = hiddenItems.ReadAsync();
        var vector = await catalog.FindVectorAsync(itemId, cancellationToken);
        return vector is null
            ? null
            : await NearestAsync(vector, count, filter.ToExpression((await hidden).Append(itemId)), cancellationToken);
    }

    public async Task<IReadOnlyList<RecommendedItem>> SearchAsync(string query, int count, ItemFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var hidden = hiddenItems.ReadAsync();
        var vector = model.Value.Embed(query);
        return await NearestAsync(vector, count, filter.ToExpression(await hidden), cancellationToken);
    }

    /// <summary>The items nearest to <paramref name="vector"/> that match <paramref name="filter"/> (a Milvus expression, or null for all), best first.</summary>
    public async Task<IReadOnlyList<RecommendedItem>> NearestAsync(float[] vector, int count, string? filter, CancellationToken cancellationToken)
    {
        var hits = await milvus.SearchAsync(
            catalog.Collection,
            [vector],
            new MilvusSearchRequest
            {
                AnnsField = ItemFields.Vector,
                Limit = count,
                Filter = filter,
                OutputFields = ItemCatalog.OutputFields,
                Ef = Math.Max(count, options.Value.SearchEf),
            },
            cancellationToken);
        return [.. hits[0].Select(hit => RecommendedItem.From(ItemCatalog.FromRow(hit.Entity), hit.Distance))];
    }

    /// <summary>Up to <paramref name="count"/> items matching <paramref name="filter"/>, in no particular order (no vector to rank by), score 0.</summary>
    public async Task<IReadOnlyList<RecommendedItem>> MatchingAsync(string filter, int count, CancellationToken cancellationToken)
    {
        var rows = await milvus.QueryAsync(catalog.Collection, filter, ItemCatalog.OutputFields, limit: count, cancellationToken: cancellationToken);
        return [.. rows.Select(row => RecommendedItem.From(ItemCatalog.FromRow(row), 0))];
    }
}
