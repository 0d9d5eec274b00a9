using System.Text.Json.Serialization;

namespace Nebula.Core.Contracts;

/// <summary>Source-generated JSON for a profile's recent items (<see cref="TasteProfileCodec"/>).</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class RecentItemsJson : JsonSerializerContext;
