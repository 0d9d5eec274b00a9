namespace Nebula.Evaluator.Data;

/// <summary>A user's interactions, oldest first (ties keep the file's order).</summary>
public sealed record UserHistory(string UserId, IReadOnlyList<Interaction> Interactions);
