using System.Numerics.Tensors;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;
using Nebula.Evaluator.Data;

namespace Nebula.Evaluator.Methods;

/// <summary>Full-catalogue scoring: what the vector search computes, for every item.</summary>
public static class CatalogScores
{
    /// <summary>scores[i] = v_i · query.</summary>
    public static void Dot(ItemVectors vectors, ReadOnlySpan<float> query, Span<float> scores)
    {
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
        var best = new List<ScoredItem>(wanted + 1);
        for (var item = 0; item < scores.Length; item++)
        {
            var score = scores[item];
            // Checked before a ScoredItem is made: most of the catalogue never enters the list.
            if (float.IsNegativeInfinity(score)
                || (best.Count >= wanted && best.Count > 0 && !RecommendationRanker.RanksBefore(score, vectors.ItemIds[item], best[^1].Score, best[^1].ItemId)))
            {
                continue;
            }

            RecommendationRanker.InsertBest(best, vectors.ItemIds[item], score, wanted);
        }

        return best;
    }

    /// <summary>
    /// The worker's ranking over the full catalogue: the best <c>CandidateCount</c> items (as the vector search
    /// returns them), then <see cref="SeenFilteredRanking.Rank"/>, which drops the seen ones and breaks ties by id.
    /// </summary>
    public static int[] Top(ReadOnlySpan<float> scores, ItemVectors vectors, IReadOnlyList<string> seen, int count)
    {
        var profile = TasteProfile.Empty with { RecentItems = seen };
        var candidates = Best(scores, vectors, SeenFilteredRanking.CandidateCount(profile, count));
        return Indexes(SeenFilteredRanking.Rank(candidates, profile, count), vectors);
    }

    public static int[] Indexes(IEnumerable<ScoredItem> items, ItemVectors vectors) =>
        [.. items.Select(item => vectors.TryGetIndex(item.ItemId, out var index) ? index : -1)];
}
