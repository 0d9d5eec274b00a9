using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nebula.Core.Contracts;

/// <summary>Source-generated JSON for the contracts that cross process boundaries.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(InteractionEvent))]
[JsonSerializable(typeof(RecommendationList))]
public sealed partial class NebulaJsonContext : JsonSerializerContext;
