using System.ComponentModel.DataAnnotations;

namespace Nebula.Core.Recommendations;

/// <summary>
/// How the blended ranking weighs its three signals (section <c>Nebula:Recommendations:Blend</c>): the content
/// profile's cosine, the item-to-item transitions learnt online from what users did next, and popularity as a
/// prior that fades as a user's history grows. Tuned on the validation split (docs/evaluation.md).
/// </summary>
public sealed class BlendOptions
{
    /// <summary>Weight of cos(profile, item).</summary>
    [Range(0, 100)]
    public double ContentWeight { get; set; } = 1;

    /// <summary>Weight of the transition score (a probability-like value in [0, 1]).</summary>
    [Range(0, 100)]
    public double TransitionWeight { get; set; } = 10;

    /// <summary>Weight of the popularity prior for a user with no history; it shrinks as 1 / (1 + events).</summary>
    [Range(0, 100)]
    public double PopularityWeight { get; set; } = 1;

    /// <summary>How many of the user's most recent items link to the next one (and vote for candidates).</summary>
    [Range(1, 50)]
    public int TransitionWindow { get; set; } = 3;

    /// <summary>Each step back in the window multiplies the link's weight by this.</summary>
    [Range(0.0, 1.0)]
    public double TransitionDecay { get; set; } = 0.7;

    /// <summary>Added to a row's total before dividing, so that a link seen once from a rare item does not count as certain.</summary>
    [Range(0.0, 1000.0)]
    public double TransitionSmoothing { get; set; } = 1;

    /// <summary>Weight of the reverse link (b then a also suggests a after b), relative to the forward one.</summary>
    [Range(0.0, 1.0)]
    public double ReverseTransitionWeight { get; set; } = 1;

    /// <summary>
    /// Weight of the two-step transitions from the user's newest items (a → b → c: where users went after where users
    /// went next), relative to a direct link's score. Paths that end on one of the user's own recent items are left
    /// out: they mostly retrace the user's own steps (the reverse links their events made). Off (0) by default: 3
    /// measures best (docs/evaluation-tuning.md), but the second read costs the worker a third of its throughput
    /// (docs/benchmarks.md), which its freshness target cannot afford yet.
    /// </summary>
    [Range(0.0, 100.0)]
    public double TwoHopWeight { get; set; }

    /// <summary>How many of the user's newest items start two-step paths (each further one back weighs Decay times less).</summary>
    [Range(1, 50)]
    public int TwoHopOrigins { get; set; } = 2;

    /// <summary>How many of each origin's strongest links are followed a second step (each costs a row read).</summary>
    [Range(1, 1000)]
    public int TwoHopSources { get; set; } = 10;

    /// <summary>Links read per second-step item (the strongest).</summary>
    [Range(1, 10_000)]
    public int TwoHopLinks { get; set; } = 20;

    /// <summary>Links kept per item in the store: after each update only the strongest this many remain.</summary>
    [Range(1, 100_000)]
    public int TransitionsKept { get; set; } = 200;

    /// <summary>Links read per recent item when ranking (the strongest), which bounds the work per list.</summary>
    [Range(1, 10_000)]
    public int TransitionCandidates { get; set; } = 50;

    /// <summary>
    /// How many more nearest items than the list holds the vector search returns, to make up for seen items it
    /// will drop (at most one per seen item). Fewer means a lighter search; the other candidates fill the list.
    /// </summary>
    [Range(0, 10_000)]
    public int SeenAllowance { get; set; } = 10;

    /// <summary>The most popular items (by decayed count) that take part in every ranking, and the only ones the prior lifts.</summary>
    [Range(0, 10_000)]
    public int PopularCandidates { get; set; } = 30;

    /// <summary>
    /// The shopper's most recent items a "similar" reason may name (<see cref="RecommendationExplainer"/>): the one
    /// nearest to the recommended item. Each newer event keeps 0.6 of the profile's past (<see cref="RecommendationOptions.ProfileEventRetention"/>),
    /// so the item ten events back weighs under 1% of it; fewer also means less work per list.
    /// </summary>
    [Range(1, 1000)]
    public int ReasonWindow { get; set; } = 10;
}
