namespace Nebula.Evaluator.Protocol;

/// <summary>
/// HR@K, NDCG@K and MRR@K for one held-out item per user (rank r from 1; a miss counts 0), and catalogue
/// coverage@K (distinct items in all top-K lists over the catalogue size).
/// </summary>
public sealed class RankingMetrics(int cutoff, int catalogueSize)
{
    private readonly HashSet<int> _recommended = [];
    private double _hits;
    private double _ndcg;
    private double _reciprocalRank;

    public int Cutoff { get; } = cutoff;

    public int Users { get; private set; }

    public double HitRate => Users == 0 ? 0 : _hits / Users;

    public double Ndcg => Users == 0 ? 0 : _ndcg / Users;

    public double Mrr => Users == 0 ? 0 : _reciprocalRank / Users;

    public double Coverage => catalogueSize == 0 ? 0 : (double)_recommended.Count / catalogueSize;

    /// <summary>Adds one user's top-K list (best first) and their held-out item.</summary>
    public void Add(ReadOnlySpan<int> topItems, int target)
    {
        Users++;
        var shown = Math.Min(Cutoff, topItems.Length);
        for (var position = 0; position < shown; position++)
        {
            _recommended.Add(topItems[position]);
            if (topItems[position] == target)
            {
                var rank = position + 1;
                _hits++;
                _ndcg += 1 / Math.Log2(rank + 1);
                _reciprocalRank += 1.0 / rank;
            }
        }
    }
}
