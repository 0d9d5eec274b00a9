namespace Nebula.Core.Recommendations;

/// <summary>
/// Item-to-item transitions learnt online ("what users did next"), with no I/O: which increments an event
/// makes, and how a user's recent items vote for candidates. The worker keeps the rows in Redis; the evaluator
/// in memory; both call these functions.
/// </summary>
public static class ItemTransitions
{
    /// <summary>
    /// A positive event on <paramref name="itemId"/> links each of the user's previous items (newest first, up to
    /// the window) to it, weighted Decay^k, and the reverse way at <see cref="BlendOptions.ReverseTransitionWeight"/>.
    /// A negative event (a dislike) links nothing.
    /// </summary>
    public static IEnumerable<TransitionIncrement> Increments(IReadOnlyList<string> recentBefore, string itemId, string eventType, RecommendationOptions options)
    {
        ArgumentNullException.ThrowIfNull(recentBefore);
        ArgumentNullException.ThrowIfNull(options);
        if (options.WeightOf(eventType) <= 0)
        {
            yield break;
        }

        var blend = options.Blend;
        var weight = 1.0;
        for (var k = 0; k < Math.Min(blend.TransitionWindow, recentBefore.Count); k++)
        {
            var previous = recentBefore[k];
            if (previous != itemId)
            {
                yield return new TransitionIncrement(previous, itemId, weight);
                if (blend.ReverseTransitionWeight > 0)
                {
                    yield return new TransitionIncrement(itemId, previous, weight * blend.ReverseTransitionWeight);
                }
            }

            weight *= blend.TransitionDecay;
        }
    }

    /// <summary>
    /// Adds each candidate's transition score: Σ over the user's recent items r_k (k &lt; window) of
    /// Decay^k · w(r_k → c) / (total(r_k) + smoothing), normalised by Σ Decay^k so that it stays in [0, 1].
    /// </summary>
    /// <param name="rows">Each recent item's outgoing links and their total weight; absent for an item never followed.</param>
    public static void AddScores(
        IReadOnlyList<string> recent, Func<string, TransitionRow?> rows, RecommendationOptions options, Action<string, double> add)
    {
        ArgumentNullException.ThrowIfNull(add);
        AddTerms(recent, rows, options, (_, to, value) => add(to, value));
    }

    /// <summary>Each term of <see cref="AddScores"/>'s sum with the recent item it comes from: (from, to, term), newest item first.</summary>
    private static void AddTerms(
        IReadOnlyList<string> recent, Func<string, TransitionRow?> rows, RecommendationOptions options, Action<string, string, double> add)
    {
        ArgumentNullException.ThrowIfNull(recent);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        var blend = options.Blend;
        var count = Math.Min(blend.TransitionWindow, recent.Count);
        double norm = 0, weight = 1;
        for (var k = 0; k < count; k++)
        {
            norm += weight;
            weight *= blend.TransitionDecay;
        }

        weight = 1;
        for (var k = 0; k < count; k++)
        {
            if (rows(recent[k]) is { } row)
            {
                var scale = weight / norm / (row.Total + blend.TransitionSmoothing);
                foreach (var (to, linkWeight) in row.Links)
                {
                    add(recent[k], to, scale * linkWeight);
                }
            }

            weight *= blend.TransitionDecay;
        }
    }

    /// <summary>
    /// The recent item whose links add the most to <paramref name="itemId"/>'s transition score (the largest term of
    /// <see cref="AddScores"/>'s sum, the newer on a tie), or null when none links to it.
    /// </summary>
    public static string? StrongestSource(IReadOnlyList<string> recent, Func<string, TransitionRow?> rows, string itemId, RecommendationOptions options)
    {
        string? strongest = null;
        double best = 0;
        AddTerms(recent, rows, options, (from, to, term) =>
        {
            if (to == itemId && term > best)
            {
                (strongest, best) = (from, term);
            }
        });
        return strongest;
    }

    /// <summary>Increments summed per link, once for a batch: from → (to → weight).</summary>
    public static Dictionary<string, Dictionary<string, double>> SumByLink(IEnumerable<TransitionIncrement> increments)
    {
        ArgumentNullException.ThrowIfNull(increments);
        var rows = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var (from, to, weight) in increments)
        {
            if (!rows.TryGetValue(from, out var row))
            {
                rows[from] = row = new Dictionary<string, double>(StringComparer.Ordinal);
            }

            row[to] = row.GetValueOrDefault(to) + weight;
        }

        return rows;
    }

    /// <summary>The popularity prior's weight for a user with this many events: it fades as the history grows.</summary>
    public static double PopularityPriorWeight(long userEvents, RecommendationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Blend.PopularityWeight / (1 + userEvents);
    }
}
