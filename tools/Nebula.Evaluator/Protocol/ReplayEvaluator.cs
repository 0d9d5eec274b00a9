using Nebula.Core.Recommendations;
using Nebula.Evaluator.Data;
using Nebula.Evaluator.Methods;

namespace Nebula.Evaluator.Protocol;

/// <summary>
/// Replays the split's events into each method in order, then ranks the whole catalogue for every held-out
/// item, or, in a temporal split, for each event of the period before observing it. "Seen" is the worker's rule: the user's last <see cref="RecommendationOptions.RecentItemsLimit"/>
/// distinct items less those whose latest event type is repeatable (<see cref="RecommendationOptions.RepeatableEventTypes"/>),
/// dropped by <see cref="SeenFilteredRanking.Rank"/> itself.
/// </summary>
public static class ReplayEvaluator
{
    public static MethodResult Run(
        IRecommendationMethod method, EvaluationSplit split, ItemVectors vectors, RecommendationOptions options, int cutoff, Action<int, int>? progress = null)
    {
        var total = split.Replay.Count + split.Targets.Count + split.Stream.Count;
        // Only the profile's item lists are kept: what TasteProfile.ExcludedItems needs.
        var seen = new Dictionary<string, TasteProfile>(StringComparer.Ordinal);
        var done = 0;
        foreach (var replayed in split.Replay)
        {
            Observe(replayed);
        }

        var all = new RankingMetrics(cutoff, vectors.Count);
        var excluding = new RankingMetrics(cutoff, vectors.Count);

        // A temporal split's period: each event ranked for its user with everything before it known, then observed.
        foreach (var streamed in split.Stream)
        {
            var (userId, item, at, _) = streamed.Event;
            if (streamed.Ranked)
            {
                var (unfiltered, filtered) = Rank(userId, at);
                all.Add(unfiltered, item);
                excluding.Add(filtered, item);
            }

            Observe(streamed.Event);
        }

        var gate = new Lock();
        Parallel.ForEach(split.Targets, target =>
        {
            var (unfiltered, filtered) = Rank(target.UserId, target.At);
            lock (gate)
            {
                all.Add(unfiltered, target.Item);
                excluding.Add(filtered, target.Item);
                if (++done % 256 == 0)
                {
                    progress?.Invoke(done, total);
                }
            }
        });
        progress?.Invoke(total, total);
        return new MethodResult(method.Name, all, excluding);

        // The user's list with every item ranked, and without the items they have seen.
        (int[] Unfiltered, int[] Filtered) Rank(string userId, DateTimeOffset at) =>
            (method.Recommend(userId, at, [], cutoff), method.Recommend(userId, at, seen.GetValueOrDefault(userId)?.ExcludedItems ?? [], cutoff));

        void Observe(ReplayEvent replayed)
        {
            method.Observe(replayed.UserId, replayed.Item, replayed.At, replayed.Type);
            var before = seen.GetValueOrDefault(replayed.UserId) ?? TasteProfile.Empty;
            var (recent, repeatable) = TasteProfileUpdater.Touch(before.RecentItems, before.RepeatableItems, vectors.ItemIds[replayed.Item], replayed.Type, options);
            seen[replayed.UserId] = before with { RecentItems = recent, RepeatableItems = repeatable };
            if (++done % 4096 == 0)
            {
                progress?.Invoke(done, total);
            }
        }
    }
}
