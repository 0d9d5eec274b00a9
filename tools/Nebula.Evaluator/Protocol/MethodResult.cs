namespace Nebula.Evaluator.Protocol;

/// <summary>A method's figures on one split: with every item ranked, and with the user's seen items left out.</summary>
public sealed record MethodResult(string Method, RankingMetrics AllItems, RankingMetrics ExcludingSeen);
