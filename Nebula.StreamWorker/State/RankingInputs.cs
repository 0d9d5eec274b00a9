using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;

namespace Nebula.StreamWorker.State;

/// <summary>What the blended ranking reads besides the profiles, as the state will be once the batch is written.</summary>
/// <param name="Transitions">Each needed item's strongest links and total.</param>
/// <param name="Popular">The most popular items, most popular first, with their stored (forward-decayed) scores.</param>
/// <param name="Hidden">The items an admin hid (<see cref="RedisKeys.HiddenItems"/>): never ranked.</param>
public sealed record RankingInputs(IReadOnlyDictionary<string, TransitionRow> Transitions, IReadOnlyList<ScoredItem> Popular, IReadOnlySet<string> Hidden);
