namespace Nebula.Evaluator.Protocol;

public enum SplitKind
{
    /// <summary>Each user's last interaction is the target; everything before it is replayed.</summary>
    Test,

    /// <summary>One step earlier: the second-to-last is the target, and the last is never seen. For tuning.</summary>
    Validation,
}
