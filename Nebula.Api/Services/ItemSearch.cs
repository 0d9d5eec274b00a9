using Microsoft.Extensions.Options;
using Nebula.Api.Models;
using Nebula.Catalog.Embeddings;
using Nebula.Core.Contracts;
using Nebula.Milvus;

namespace Nebula.Api.Services;

/// <summary>Similar items (nearest to an item's vector) and semantic search (nearest to the query's embedding, same model as the Embedder).</summary>
public sealed class ItemSearch(MilvusClient milvus, ItemCatalog catalog, Lazy<TextEmbeddingModel> model, IOptions<ApiOptions> options)
{
    /// <summary>The items nearest to <paramref name="itemId"/> with cosine similarity, or null for an unknown item.</summary>
    public async Task<IReadOnlyList<RecommendedItem>?> SimilarAsync(string itemId, int count, CancellationToken cancellationToken)
    {
        var vector = await catalog.FindVectorAsync(itemId, cancellationToken);
        return vector is null
            ? null
            : await NearestAsync(vector, count, MilvusFilter.NotEqual(ItemFields.ItemId, itemId), cancellationToken);
    }

    public async Task<IReadOnlyList<RecommendedItem>> SearchAsync(string query, int count, CancellationToken cancellationToken)
    {
        var vector = model.Value.Embed(query);
        return await NearestAsync(vector, count, null, cancellationToken);
    }

    private async Task<IReadOnlyList<RecommendedItem>> NearestAsync(float[] vector, int count, string? filter, CancellationToken cancellationToken)
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
        return [.. hits[0].Select(hit =>
        {
            var details = ItemCatalog.FromRow(hit.Entity);
            return new RecommendedItem(details.ItemId, hit.Distance, details.Title, details.Brand, details.Price, details.ImageUrl);
        })];
    }
}
