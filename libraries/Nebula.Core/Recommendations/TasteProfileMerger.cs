namespace Nebula.Core.Recommendations;

/// <summary>
/// Folds one shopper's profile into another's (a guest who signs in), with no I/O: the result is what
/// <see cref="TasteProfileUpdater.Apply"/> gives for both shoppers' events replayed in time order, whenever one
/// shopper's events all came before the other's (the usual sign-in: an account's earlier sessions, then a guest's).
/// </summary>
/// <remarks>
/// A profile keeps its events' weighted sum, not the events, so that is what can be merged. The profile sum is linear:
/// each later event multiplies the past by the event retention and by the time decay, so the earlier shopper's sum
/// enters the later one's multiplied by <c>retention^(later's event count) · 0.5^((later's last − earlier's last) / half-life)</c>.
/// Two cases are not exact, because the events themselves are gone: two shoppers whose events interleave (two devices
/// at once) are merged as if the one whose last event is older had all of its events first; and a dislike that
/// started the later shopper's history (dropped then, for want of a profile to move) stays dropped.
/// </remarks>
public static class TasteProfileMerger
{
    // As in TasteProfileUpdater: below this length the sum has cancelled out and there is no direction left.
    private const double VanishingLength = 1e-6;

    /// <summary>The profile of <paramref name="user"/> with <paramref name="guest"/>'s events folded in (either may be null: none).</summary>
    public static TasteProfile Merge(TasteProfile? user, TasteProfile? guest, RecommendationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (guest is null || guest.EventCount == 0)
        {
            return user ?? TasteProfile.Empty;
        }

        if (user is null || user.EventCount == 0)
        {
            return guest;
        }

        // On a tie the guest's events count as the later ones: a guest signs in after browsing.
        var (earlier, later) = user.UpdatedAt <= guest.UpdatedAt ? (user, guest) : (guest, user);
        var (vector, length) = Sum(earlier, later, options);
        var recent = later.RecentItems.Concat(earlier.RecentItems.Except(later.RecentItems, StringComparer.Ordinal))
            .Take(options.RecentItemsLimit)
            .ToArray();

        // The latest event on an item decides whether it may come back: the later shopper's, where both touched it.
        var kept = new HashSet<string>(recent, StringComparer.Ordinal);
        var laterItems = new HashSet<string>(later.RecentItems, StringComparer.Ordinal);
        var repeatable = later.RepeatableItems
            .Concat(earlier.RepeatableItems.Where(id => !laterItems.Contains(id)))
            .Where(kept.Contains)
            .ToArray();

        return new TasteProfile(vector, vector is null ? 0 : length, later.UpdatedAt, earlier.EventCount + later.EventCount, recent)
        {
            RepeatableItems = repeatable,
        };
    }

    /// <summary>
    /// The merged shopper's list until their next event ranks it afresh: both stored lists' items, each once with its
    /// higher score (and that list's reasons), less what the merged profile never recommends back, best first.
    /// </summary>
    public static IReadOnlyList<Contracts.ScoredItem> MergeLists(
        IReadOnlyList<Contracts.ScoredItem> first, IReadOnlyList<Contracts.ScoredItem> second, TasteProfile merged, int count)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(merged);
        var excluded = new HashSet<string>(merged.ExcludedItems, StringComparer.Ordinal);
        return [.. first.Concat(second)
            .Where(item => !excluded.Contains(item.ItemId))
            .GroupBy(item => item.ItemId, StringComparer.Ordinal)
            .Select(same => same.MaxBy(item => item.Score)!)
            .OrderByDescending(item => item.Score)
            .ThenBy(item => item.ItemId, StringComparer.Ordinal)
            .Take(count)];
    }

    private static (float[]? Vector, double Length) Sum(TasteProfile earlier, TasteProfile later, RecommendationOptions options)
    {
        if (earlier.Vector is null)
        {
            return (later.Vector, later.Weight);
        }

        var elapsed = later.UpdatedAt - earlier.UpdatedAt;
        var carried = earlier.Weight * Math.Pow(options.ProfileEventRetention, later.EventCount) * Math.Pow(0.5, elapsed / options.ProfileHalfLife);
        var sum = new double[earlier.Vector.Length];
        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] = carried * earlier.Vector[i];
        }

        if (later.Vector is { } newer)
        {
            if (newer.Length != sum.Length)
            {
                throw new ArgumentException($"The profiles have {newer.Length} and {sum.Length} dimensions.", nameof(later));
            }

            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += later.Weight * newer[i];
            }
        }

        var length = Math.Sqrt(sum.Sum(x => x * x));
        if (length <= VanishingLength)
        {
            return (null, 0);
        }

        var vector = new float[sum.Length];
        for (var i = 0; i < sum.Length; i++)
        {
            vector[i] = (float)(sum[i] / length);
        }

        return (vector, length);
    }
}
