namespace Nebula.Evaluator.Protocol;

/// <summary>An event of a temporal split's period: ranked for its user first when <paramref name="Ranked"/>, then observed.</summary>
/// <param name="Ranked">False for a user's first known event: there is nothing yet to rank from.</param>
public readonly record struct StreamedEvent(ReplayEvent Event, bool Ranked);
