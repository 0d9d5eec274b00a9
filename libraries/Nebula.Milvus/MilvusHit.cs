using System.Text.Json;

namespace Nebula.Milvus;

/// <summary>One search result: the distance (for COSINE/IP, higher is more similar) and the returned fields.</summary>
public sealed record MilvusHit(float Distance, JsonElement Entity)
{
    public string? GetString(string field) => Entity.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
