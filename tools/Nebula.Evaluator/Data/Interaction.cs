namespace Nebula.Evaluator.Data;

/// <summary>One interaction in a user's history.</summary>
/// <param name="At">When it happened; data sets without times get one event per user per hour, in order.</param>
public readonly record struct Interaction(string ItemId, DateTimeOffset At, string Type);
