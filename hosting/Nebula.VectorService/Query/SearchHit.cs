using System.Text.Json;

namespace Nebula.VectorService.Query;

/// <summary>A row in an answer: its similarity to the query (0 outside searches), its scalar fields and its vector (when asked for).</summary>
internal sealed record SearchHit(float Score, JsonElement Scalars, float[]? Vector);
