using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Nebula.Core.Recommendations;

namespace Nebula.Core.Contracts;

/// <summary>How a <see cref="TasteProfile"/> is stored in its Redis hash (<see cref="RedisKeys.Profile"/>).</summary>
public static class TasteProfileCodec
{
    public const string VectorField = "vector";
    public const string WeightField = "weight";
    public const string UpdatedAtField = "updatedAt";
    public const string EventCountField = "events";
    public const string RecentItemsField = "recent";
    public const string RepeatableItemsField = "repeatable";

    /// <summary>The hash fields; the vector as little-endian float32 bytes (1.5 KB for 384 dimensions), the time round-trip exact.</summary>
    public static IReadOnlyList<KeyValuePair<string, byte[]>> Encode(TasteProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return
        [
            new(VectorField, profile.Vector is null ? [] : MemoryMarshal.AsBytes(profile.Vector.AsSpan()).ToArray()),
            new(WeightField, Utf8(profile.Weight.ToString("R", CultureInfo.InvariantCulture))),
            new(UpdatedAtField, Utf8(profile.UpdatedAt.ToString("O", CultureInfo.InvariantCulture))),
            new(EventCountField, Utf8(profile.EventCount.ToString(CultureInfo.InvariantCulture))),
            new(RecentItemsField, JsonSerializer.SerializeToUtf8Bytes(profile.RecentItems, RecentItemsJson.Default.IReadOnlyListString)),
            new(RepeatableItemsField, JsonSerializer.SerializeToUtf8Bytes(profile.RepeatableItems, RecentItemsJson.Default.IReadOnlyListString)),
        ];
    }

    /// <summary>The profile from its hash fields, or null when the hash is empty (a user with no profile yet).</summary>
    public static TasteProfile? Decode(IReadOnlyDictionary<string, byte[]> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0)
        {
            return null;
        }

        var vectorBytes = fields.GetValueOrDefault(VectorField) ?? [];
        if (vectorBytes.Length % sizeof(float) != 0)
        {
            throw new FormatException($"A stored profile vector has {vectorBytes.Length} bytes, not a whole number of float32 values.");
        }

        var vector = vectorBytes.Length == 0 ? null : MemoryMarshal.Cast<byte, float>(vectorBytes).ToArray();
        var recent = fields.TryGetValue(RecentItemsField, out var json)
            ? JsonSerializer.Deserialize(json, RecentItemsJson.Default.IReadOnlyListString) ?? []
            : [];
        // A profile written before repeatable items existed has none: everything it touched stays left out.
        var repeatable = fields.TryGetValue(RepeatableItemsField, out var repeatableJson)
            ? JsonSerializer.Deserialize(repeatableJson, RecentItemsJson.Default.IReadOnlyListString) ?? []
            : [];
        return new TasteProfile(
            vector,
            double.Parse(Text(fields, WeightField, "0"), CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(Text(fields, UpdatedAtField, "0001-01-01T00:00:00+00:00"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            long.Parse(Text(fields, EventCountField, "0"), CultureInfo.InvariantCulture),
            recent)
        {
            RepeatableItems = repeatable,
        };
    }

    private static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static string Text(IReadOnlyDictionary<string, byte[]> fields, string name, string fallback) =>
        fields.TryGetValue(name, out var bytes) ? System.Text.Encoding.UTF8.GetString(bytes) : fallback;
}
