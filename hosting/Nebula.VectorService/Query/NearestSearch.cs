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
    public List<SearchHit> Search(float[] query, int limit, FilterExpression? filter, int ef)
    {
        var count = rows.Count;
        if (count <= options.ExactSearchThreshold)
        {
            return Exact(query, limit, filter);
        }

        var want = filter is null ? limit : (int)Math.Min(count, (long)limit * options.FilteredOverfetch);
        var keys = new ulong[want];
        var distances = new float[want];
        var found = index.Search(query, Math.Max(ef, want), keys, distances);
        var matched = rows.ByKeys(keys, found, filter, limit);
        var hits = new List<SearchHit>(matched.Count);
        foreach (var (position, row) in matched)
        {
            hits.Add(new SearchHit(1 - distances[position], row.Scalars, row.Vector));
        }

        // A selective filter can leave too few candidates: then the answer comes from a scan, so it is never short.
        return filter is not null && hits.Count < limit && found == want ? Exact(query, limit, filter) : hits;
    }

    private List<SearchHit> Exact(float[] query, int limit, FilterExpression? filter)
    {
        var queryNorm = TensorPrimitives.Norm(query);
        var best = new PriorityQueue<StoredRow, float>(limit + 1);
        rows.Scan(row =>
        {
            if (filter is not null && !filter.Matches(row.Scalars))
            {
                return;
            }

            var score = queryNorm == 0 || row.Norm == 0 ? 0 : TensorPrimitives.Dot(query, row.Vector) / (queryNorm * row.Norm);
            if (best.Count < limit)
            {
                best.Enqueue(row, score);
            }
            else if (best.TryPeek(out _, out var worst) && score > worst)
            {
                best.DequeueEnqueue(row, score);
            }
        });

        var hits = new List<SearchHit>(best.Count);
        while (best.TryDequeue(out var row, out var score))
        {
            hits.Add(new SearchHit(score, row.Scalars, row.Vector));
        }

        hits.Reverse();
        return hits;
    }
}
