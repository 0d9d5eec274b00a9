namespace Nebula.Evaluator.Protocol;

public enum SplitKind
{
    /// <summary>Leave-last-out: each user's last interaction is the target; everything before it is replayed.</summary>
    Test,

    /// <summary>Leave-last-out one step earlier: the second-to-last is the target, and the last is never seen. For tuning.</summary>
    Validation,

    /// <summary>
    /// Global temporal: everything before the time by which 90% of the events had happened is replayed; then each
    /// later event is ranked for its user and observed, in time order. What a streaming system meets: no future is known.
    /// </summary>
    TemporalTest,

    /// <summary>Global temporal from 80% up to the test's cut (whose events are never seen). For tuning.</summary>
    TemporalValidation,
}
