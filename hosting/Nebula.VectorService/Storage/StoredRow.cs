using System.Text.Json;

namespace Nebula.VectorService.Storage;

/// <summary>A row as held in memory: its primary key, its index key (the index holds its vector), its vector's norm and its scalar fields as JSON.</summary>
internal sealed record StoredRow(string Id, ulong Key, float Norm, JsonElement Scalars);
