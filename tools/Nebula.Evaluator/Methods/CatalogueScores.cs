using System.Numerics.Tensors;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;
using Nebula.Evaluator.Data;

namespace Nebula.Evaluator.Methods;

/// <summary>Full-catalogue scoring: what the vector search computes, for every item.</summary>
public static class CatalogueScores
{
    /// <summary>scores[i] = v_i · query.</summary>
    public static void Dot(ItemVectors vectors, ReadOnlySpan<float> query, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        for (var item = 0; item < vectors.Count; item++)
        {
            scores[item] = TensorPrimitives.Dot(vectors[item], query);
        }
    }

    /// <summary>
    /// The best <paramref name="wanted"/> items by score (ties: lower item id first), as an exact vector search
    /// returns them; items scored <see cref="float.NegativeInfinity"/> are never returned.
    /// </summary>
    public static List<ScoredItem> Best(ReadOnlySpan<float> scores, ItemVectors vectors, int wanted)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var best = new List<(float Score, int Item)>(wanted + 1);
        for (var item = 0; item < scores.Length; item++)
        {
            var score = scores[item];
            if (float.IsNegativeInfinity(score) || (best.Count == wanted && !Better(score, item, best[^1], vectors)))
            {
                continue;
            }

            var at = best.Count;
            while (at > 0 && Better(score, item, best[at - 1], vectors))
            {
                at--;
            }

            best.Insert(at, (score, item));
            if (best.Count > wanted)
            {
                best.RemoveAt(best.Count - 1);
            }
        }

        return [.. best.Select(b => new ScoredItem(vectors.ItemIds[b.Item], b.Score))];
    }

    /// <summary>
    /// The worker's ranking over the full catalogue: the best <c>CandidateCount</c> items (as the vector search
    /// returns them), then <see cref="RecommendationRanker.Rank"/>, which drops the seen ones and breaks ties by id.
    /// </summary>
    public static int[] Top(ReadOnlySpan<float> scores, ItemVectors vectors, IReadOnlyList<string> seen, int count)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var profile = TasteProfile.Empty with { RecentItems = seen };
        var candidates = Best(scores, vectors, RecommendationRanker.CandidateCount(profile, count));
        return Indexes(RecommendationRanker.Rank(candidates, profile, count), vectors);
    }

    public static int[] Indexes(IEnumerable<ScoredItem> items, ItemVectors vectors) =>
        [.. items.Select(item => vectors.TryGetIndex(item.ItemId, out var index) ? index : -1)];

    private static bool Better(float score, int item, (float Score, int Item) other, ItemVectors vectors) =>
        score > other.Score || (score == other.Score && string.CompareOrdinal(vectors.ItemIds[item], vectors.ItemIds[other.Item]) < 0);
}
