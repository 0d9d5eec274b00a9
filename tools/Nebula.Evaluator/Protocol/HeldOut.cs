namespace Nebula.Evaluator.Protocol;

public readonly record struct HeldOut(string UserId, int Item, DateTimeOffset At);
