namespace Nebula.Evaluator.Protocol;

/// <summary>A replayed event (by item index) and a user's held-out item.</summary>
public readonly record struct ReplayEvent(string UserId, int Item, DateTimeOffset At, string Type);
