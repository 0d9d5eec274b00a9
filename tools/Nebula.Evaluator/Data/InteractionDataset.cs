using Nebula.Catalog.Reading;

namespace Nebula.Evaluator.Data;

/// <summary>A catalogue and the users' histories over it.</summary>
/// <param name="HasTimestamps">False when the source has only the order (UniSRec): times are then synthetic.</param>
/// <param name="RejectedRows">Interaction rows that could not be read (too few fields, a bad time), skipped.</param>
public sealed record InteractionDataset(string Name, IReadOnlyList<CatalogItem> Items, IReadOnlyList<UserHistory> Users, bool HasTimestamps, string Source, int RejectedRows = 0)
{
    /// <summary>The spacing of synthetic times: a user's k-th event is k hours after the start.</summary>
    public static readonly TimeSpan SyntheticSpacing = TimeSpan.FromHours(1);

    public static readonly DateTimeOffset SyntheticStart = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public int InteractionCount => Users.Sum(user => user.Interactions.Count);
}
