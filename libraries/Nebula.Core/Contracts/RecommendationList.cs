using System.Text.Json;

namespace Nebula.Core.Contracts;

/// <summary>A user's current recommendations as the worker writes them to Redis (<see cref="RedisKeys.Recommendations"/>).</summary>
public sealed record RecommendationList(string UserId, IReadOnlyList<ScoredItem> Items, DateTimeOffset UpdatedAt, Guid EventId)
{
    public string ToJson() => JsonSerializer.Serialize(this, NebulaJsonContext.Default.RecommendationList);

    public static RecommendationList? FromJson(string json) => JsonSerializer.Deserialize(json, NebulaJsonContext.Default.RecommendationList);
}
