namespace Nebula.Core.Recommendations;

/// <summary>The profile maths, with no I/O, shared by the worker and the offline evaluator.</summary>
public static class TasteProfileUpdater
{
    // Below this length the weighted sum has cancelled out (a dislike of the only liked item): no direction left.
    private const double VanishingLength = 1e-6;

    // 8 KB of stack at most for the weighted sum.
    private const int MaxStackDimensions = 1024;

    /// <summary>
    /// Applies one event: the past sum decays by 0.5^(elapsed / half-life), the item's vector is added with
    /// its event type's weight (negative for a dislike), and the result is renormalised. The first positive
    /// event starts the profile; a negative event with no profile only records the item as seen.
    /// Events older than the profile (out of order) are applied without decay.
    /// </summary>
    public static TasteProfile Apply(
        TasteProfile? profile, string itemId, ReadOnlySpan<float> itemVector, string eventType, DateTimeOffset occurredAt, RecommendationOptions options)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        ArgumentNullException.ThrowIfNull(options);
        profile ??= TasteProfile.Empty;
        var weight = options.WeightOf(eventType);

        var elapsed = profile.Vector is null || occurredAt <= profile.UpdatedAt ? TimeSpan.Zero : occurredAt - profile.UpdatedAt;
        var retained = profile.Vector is null ? 0 : profile.Weight * Math.Pow(0.5, elapsed / options.ProfileHalfLife) * options.ProfileEventRetention;

        // On the stack for a model's few hundred dimensions: this runs for every event.
        Span<double> sum = itemVector.Length <= MaxStackDimensions ? stackalloc double[itemVector.Length] : new double[itemVector.Length];
        var itemNorm = Norm(itemVector);
        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] = weight * itemVector[i] / itemNorm;
        }

        if (profile.Vector is { } past)
        {
            if (past.Length != sum.Length)
            {
                throw new ArgumentException($"The item vector has {sum.Length} dimensions and the profile {past.Length}.", nameof(itemVector));
            }

            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += retained * past[i];
            }
        }

        // Summed in order, as Enumerable.Sum did: the same length to the last bit.
        var squares = 0.0;
        foreach (var x in sum)
        {
            squares += x * x;
        }

        var length = Math.Sqrt(squares);
        float[]? vector = null;
        if (length > VanishingLength && (profile.Vector is not null || weight > 0))
        {
            vector = new float[sum.Length];
            for (var i = 0; i < sum.Length; i++)
            {
                vector[i] = (float)(sum[i] / length);
            }
        }

        var (recent, repeatable) = Touch(profile.RecentItems, profile.RepeatableItems, itemId, eventType, options);
        return new TasteProfile(
            vector,
            vector is null ? 0 : length,
            occurredAt > profile.UpdatedAt ? occurredAt : profile.UpdatedAt,
            profile.EventCount + 1,
            recent)
        {
            RepeatableItems = repeatable,
        };
    }

    /// <summary>
    /// The recent and the repeatable items after an event of <paramref name="eventType"/> on <paramref name="itemId"/>:
    /// the item moves to the front of the recent ones, and is repeatable when the type is
    /// (<see cref="RecommendationOptions.RepeatableEventTypes"/>): the latest event on an item decides, so a consumable
    /// viewed and then bought may come back, and one bought and then disliked does not.
    /// </summary>
    public static (string[] Recent, string[] Repeatable) Touch(
        IReadOnlyList<string> recent, IReadOnlyList<string> repeatable, string itemId, string eventType, RecommendationOptions options)
    {
        ArgumentNullException.ThrowIfNull(repeatable);
        ArgumentNullException.ThrowIfNull(options);
        var remembered = Remember(recent, itemId, options.RecentItemsLimit);
        var isRepeatable = options.IsRepeatable(eventType);
        if (repeatable.Count == 0 && !isRepeatable)
        {
            return (remembered, []);
        }

        var kept = new HashSet<string>(remembered, StringComparer.Ordinal);
        var others = repeatable.Where(id => id != itemId && kept.Contains(id));
        return (remembered, [.. isRepeatable && kept.Contains(itemId) ? others.Prepend(itemId) : others]);
    }

    /// <summary>The recent items after touching <paramref name="itemId"/>: it moves to the front, the list keeps at most <paramref name="limit"/>.</summary>
    public static string[] Remember(IReadOnlyList<string> recent, string itemId, int limit)
    {
        ArgumentNullException.ThrowIfNull(recent);
        return [.. recent.Where(id => id != itemId).Prepend(itemId).Take(limit)];
    }

    private static double Norm(ReadOnlySpan<float> vector)
    {
        double sum = 0;
        foreach (var x in vector)
        {
            sum += (double)x * x;
        }

        return sum > 0 ? Math.Sqrt(sum) : throw new ArgumentException("The item vector is all zeros.", nameof(vector));
    }
}
