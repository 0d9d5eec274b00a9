using System.Numerics.Tensors;
using Nebula.VectorService.Indexing;
using Nebula.VectorService.Storage;

namespace Nebula.VectorService.Query;

/// <summary>
/// The nearest rows to a query by cosine similarity, highest first: an exact scan up to
/// <see cref="VectorServiceOptions.ExactSearchThreshold"/> rows, the HNSW index above it, as in Milvus.
/// </summary>
internal sealed class NearestSearch(RowTable rows, VectorIndex index, VectorServiceOptions options)
{
    public List<SearchHit> Search(float[] query, int limit, FilterExpression? filter, int ef, bool withVectors)
    {
        var count = rows.Count;
        if (count <= options.ExactSearchThreshold)
        {
            return Exact(query, limit, filter, withVectors);
        }

        var want = filter is null ? limit : (int)Math.Min(count, (long)limit * options.FilteredOverfetch);
        var keys = new ulong[want];
        var distances = new float[want];
        var found = index.Search(query, Math.Max(ef, want), keys, distances);
        var hits = rows.ByKeys(keys, distances, found, filter, limit, withVectors);

        // A selective filter can leave too few candidates: then the answer comes from a scan, so it is never short.
        return filter is not null && hits.Count < limit && found == want ? Exact(query, limit, filter, withVectors) : hits;
    }

    private List<SearchHit> Exact(float[] query, int limit, FilterExpression? filter, bool withVectors)
    {
        var queryNorm = TensorPrimitives.Norm(query);
        var best = new PriorityQueue<SearchHit, float>(limit + 1);
        rows.Scan(filter, (row, vector) =>
        {
            var score = queryNorm == 0 || row.Norm == 0 ? 0 : TensorPrimitives.Dot(query, vector) / (queryNorm * row.Norm);
            if (best.Count < limit)
            {
                best.Enqueue(Hit(row, score, vector, withVectors), score);
            }
            else if (best.TryPeek(out _, out var worst) && score > worst)
            {
                best.DequeueEnqueue(Hit(row, score, vector, withVectors), score);
            }
        });

        var hits = new List<SearchHit>(best.Count);
        while (best.TryDequeue(out var hit, out _))
        {
            hits.Add(hit);
        }

        hits.Reverse();
        return hits;
    }

    // The scan's vector is a buffer reused for the next row: a kept hit takes a copy.
    private static SearchHit Hit(StoredRow row, float score, ReadOnlySpan<float> vector, bool withVector) =>
        new(score, row.Scalars, withVector ? vector.ToArray() : null);
}
