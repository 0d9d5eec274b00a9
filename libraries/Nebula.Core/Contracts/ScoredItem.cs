namespace Nebula.Core.Contracts;

/// <summary>An item and how well it matches (cosine similarity to the profile).</summary>
public sealed record ScoredItem(string ItemId, double Score);
