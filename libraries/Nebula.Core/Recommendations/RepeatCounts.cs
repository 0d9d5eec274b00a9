namespace Nebula.Core.Recommendations;

/// <summary>Positive events, and those of them on an item already among the user's recent items (<see cref="RepeatShare"/>).</summary>
public readonly record struct RepeatCounts(long Positive, long Repeated)
{
    public static RepeatCounts operator +(RepeatCounts left, RepeatCounts right) =>
        new(left.Positive + right.Positive, left.Repeated + right.Repeated);
}
