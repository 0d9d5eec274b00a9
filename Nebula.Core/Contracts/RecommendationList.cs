using System.Text.Json;

namespace Nebula.Core.Contracts;

/// <summary>An item and how well it matches (cosine similarity to the profile).</summary>
public sealed record ScoredItem(string ItemId, double Score);

/// <summary>A user's current recommendations as the worker writes them to Redis (<see cref="RedisKeys.Recommendations"/>).</summary>
public sealed record RecommendationList(string UserId, IReadOnlyList<ScoredItem> Items, DateTimeOffset UpdatedAt, Guid EventId)
{
    public string ToJson() => JsonSerializer.Serialize(this, NebulaJsonContext.Default.RecommendationList);

    public static RecommendationList? FromJson(string json) => JsonSerializer.Deserialize(json, NebulaJsonContext.Default.RecommendationList);
}
