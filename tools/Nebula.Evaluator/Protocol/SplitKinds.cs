namespace Nebula.Evaluator.Protocol;

/// <summary>How the splits are named on the command line and in the report.</summary>
public static class SplitKinds
{
    public static bool IsTemporal(this SplitKind kind) => kind is SplitKind.TemporalTest or SplitKind.TemporalValidation;

    /// <summary>The command line's spelling: test, validation, temporal-test, temporal-validation.</summary>
    public static SplitKind Parse(string text) => text switch
    {
        "test" => SplitKind.Test,
        "validation" => SplitKind.Validation,
        "temporal-test" => SplitKind.TemporalTest,
        "temporal-validation" => SplitKind.TemporalValidation,
        _ => throw new ArgumentException($"Unknown split '{text}' (test, validation, temporal-test, temporal-validation)."),
    };

    public static string Title(this SplitKind kind) => kind switch
    {
        SplitKind.Test => "Test split",
        SplitKind.Validation => "Validation split",
        SplitKind.TemporalTest => "Global temporal test split",
        _ => "Global temporal validation split",
    };
}
