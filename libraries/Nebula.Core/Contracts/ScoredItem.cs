using System.Text.Json.Serialization;

namespace Nebula.Core.Contracts;

/// <summary>An item and how well it matches (cosine similarity to the profile, or its blended score in a list).</summary>
public sealed record ScoredItem(string ItemId, double Score)
{
    /// <summary>In a stored list, why the item is there, the strongest first (<see cref="Recommendations.RecommendationExplainer"/>); null elsewhere, and in lists written before reasons existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RecommendationReason>? Reasons { get; init; }
}
