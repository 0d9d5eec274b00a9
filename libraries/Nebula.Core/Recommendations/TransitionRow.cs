namespace Nebula.Core.Recommendations;

/// <summary>An item's strongest outgoing transitions (at most <see cref="BlendOptions.TransitionCandidates"/>) and the total weight ever added to it.</summary>
public sealed record TransitionRow(IReadOnlyList<KeyValuePair<string, double>> Links, double Total);
