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
    /// Decay^k · w(r_k → c) / (total(r_k) + smoothing), normalised by Σ Decay^k so that it stays in [0, 1]; plus the
    /// two-step paths from the newest <see cref="BlendOptions.TwoHopOrigins"/> items r_k through each one's strongest
    /// links b (<see cref="TwoHopSources"/>): TwoHopWeight · Decay^k · p(r_k → b) · p(b → c), with
    /// p(x → y) = w(x → y) / (total(x) + smoothing), for every c that is not among the user's recent items.
    /// </summary>
    /// <param name="rows">
    /// Each recent item's outgoing links and their total weight, and the rows of <see cref="TwoHopSources"/>; absent for an
    /// item never followed.
    /// </param>
    public static void AddScores(
        IReadOnlyList<string> recent, Func<string, TransitionRow?> rows, RecommendationOptions options, Action<string, double> add)
    {
        ArgumentNullException.ThrowIfNull(add);
        AddTerms(recent, rows, options, (_, to, value) => add(to, value));
        AddTwoHopTerms(recent, rows, options, (_, to, value) => add(to, value));
    }

    /// <summary>
    /// The items whose rows <see cref="AddScores"/> reads for the second step: the strongest links of each of the newest
    /// <see cref="BlendOptions.TwoHopOrigins"/> items (none when two-step paths are off). The worker reads these rows in
    /// a second round trip.
    /// </summary>
    public static IEnumerable<string> TwoHopSources(IReadOnlyList<string> recent, Func<string, TransitionRow?> rows, RecommendationOptions options)
    {
        ArgumentNullException.ThrowIfNull(recent);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        var blend = options.Blend;
        var origins = blend.TwoHopWeight > 0 ? Math.Min(blend.TwoHopOrigins, recent.Count) : 0;
        return recent.Take(origins).SelectMany(origin => rows(origin)?.Links.Take(blend.TwoHopSources).Select(link => link.Key) ?? []);
    }

    /// <summary>Each two-step term of <see cref="AddScores"/>'s sum with the recent item its path starts from: (origin, to, term).</summary>
    private static void AddTwoHopTerms(
        IReadOnlyList<string> recent, Func<string, TransitionRow?> rows, RecommendationOptions options, Action<string, string, double> add)
    {
        var blend = options.Blend;
        var origins = blend.TwoHopWeight > 0 ? Math.Min(blend.TwoHopOrigins, recent.Count) : 0;
        HashSet<string>? own = null;
        var weight = blend.TwoHopWeight;
        for (var k = 0; k < origins; k++, weight *= blend.TransitionDecay)
        {
            if (rows(recent[k]) is not { } first)
            {
                continue;
            }

            foreach (var (middle, firstWeight) in first.Links.Take(blend.TwoHopSources))
            {
                if (rows(middle) is not { } second)
                {
                    continue;
                }

                own ??= new HashSet<string>(recent, StringComparer.Ordinal);
                var scale = weight * firstWeight / (first.Total + blend.TransitionSmoothing) / (second.Total + blend.TransitionSmoothing);
                foreach (var (to, secondWeight) in second.Links.Take(blend.TwoHopLinks))
                {
                    if (!own.Contains(to))
                    {
                        add(recent[k], to, scale * secondWeight);
                    }
                }
            }
        }
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
    /// The recent item whose links add the most to <paramref name="itemId"/>'s transition score (the largest direct term of
    /// <see cref="AddScores"/>'s sum, the newer on a tie); when no direct link reaches it, the item whose two-step paths
    /// add the most; null when nothing links to it.
    /// </summary>
    public static string? StrongestSource(IReadOnlyList<string> recent, Func<string, TransitionRow?> rows, string itemId, RecommendationOptions options) =>
        StrongestSources(recent, rows, options).GetValueOrDefault(itemId);

    /// <summary>
    /// <see cref="StrongestSource"/> of every item the user's transitions reach, or only of those in <paramref name="among"/>
    /// (a list's items: with two-step paths a user reaches hundreds of items, of which a list names fifty), computed once
    /// for a whole list.
    /// </summary>
    public static Dictionary<string, string> StrongestSources(
        IReadOnlyList<string> recent, Func<string, TransitionRow?> rows, RecommendationOptions options, IReadOnlySet<string>? among = null)
    {
        var direct = new Dictionary<string, (string From, double Term)>(StringComparer.Ordinal);
        AddTerms(recent, rows, options, (from, to, term) =>
        {
            // Newest first: a later (older) item takes over only with a strictly larger term.
            if (term > 0 && among?.Contains(to) != false && (!direct.TryGetValue(to, out var best) || term > best.Term))
            {
                direct[to] = (from, term);
            }
        });
        var sources = direct.ToDictionary(entry => entry.Key, entry => entry.Value.From, StringComparer.Ordinal);

        // Only for items no direct link reaches: the origin whose two-step paths add the most (the newer on a tie).
        var byOrigin = new Dictionary<string, List<(string Origin, double Sum)>>(StringComparer.Ordinal);
        AddTwoHopTerms(recent, rows, options, (origin, to, term) =>
        {
            if (direct.ContainsKey(to) || among?.Contains(to) == false)
            {
                return;
            }

            if (!byOrigin.TryGetValue(to, out var sums))
            {
                byOrigin[to] = sums = [];
            }

            // Terms arrive origin by origin, newest origin first.
            if (sums.Count > 0 && sums[^1].Origin == origin)
            {
                sums[^1] = (origin, sums[^1].Sum + term);
            }
            else
            {
                sums.Add((origin, term));
            }
        });
        foreach (var (to, sums) in byOrigin)
        {
            var best = sums[0];
            foreach (var candidate in sums)
            {
                if (candidate.Sum > best.Sum)
                {
                    best = candidate;
                }
            }

            if (best.Sum > 0)
            {
                sources[to] = best.Origin;
            }
        }

        return sources;
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
