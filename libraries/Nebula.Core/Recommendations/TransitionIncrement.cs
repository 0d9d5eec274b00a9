namespace Nebula.Core.Recommendations;

/// <summary>One increment of the item-to-item transition store: <c>from → to</c> gains <c>Weight</c>.</summary>
public readonly record struct TransitionIncrement(string From, string To, double Weight);
