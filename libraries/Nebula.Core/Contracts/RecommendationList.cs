using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nebula.Core.Contracts;

/// <summary>A user's current recommendations as the worker writes them to Redis (<see cref="RedisKeys.Recommendations"/>).</summary>
/// <remarks>
/// <see cref="Items"/> is written last, so that <see cref="ReadTop"/> can stop reading once it has the items a request
/// needs: the stored list is deeper than a list (filters draw on the rest), and parsing all of it was the largest part
/// of serving one.
/// </remarks>
public sealed record RecommendationList(
    string UserId,
    [property: JsonPropertyOrder(1)] IReadOnlyList<ScoredItem> Items,
    DateTimeOffset UpdatedAt,
    Guid EventId)
{
    public string ToJson() => JsonSerializer.Serialize(this, NebulaJsonContext.Default.RecommendationList);

    /// <summary>The same JSON as <see cref="ToJson"/>, as the UTF-8 bytes Redis stores (no UTF-16 string in between).</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, NebulaJsonContext.Default.RecommendationList);

    public static RecommendationList? FromJson(string json) => JsonSerializer.Deserialize(json, NebulaJsonContext.Default.RecommendationList);

    public static RecommendationList? FromJson(ReadOnlySpan<byte> utf8Json) => JsonSerializer.Deserialize(utf8Json, NebulaJsonContext.Default.RecommendationList);

    /// <summary>
    /// The list with only its first <paramref name="count"/> items that <paramref name="keep"/> accepts, in order (fewer
    /// when the list has fewer), reading no further than it must. A list stored before <see cref="Items"/> came last is
    /// read whole, its remaining items skipped unparsed.
    /// </summary>
    public static RecommendationList ReadTop(ReadOnlySpan<byte> utf8Json, int count, Func<string, bool> keep)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(keep);
        var reader = new Utf8JsonReader(utf8Json);
        Expect(ref reader, JsonTokenType.StartObject);
        string? userId = null;
        DateTimeOffset? updatedAt = null;
        Guid? eventId = null;
        List<ScoredItem>? items = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("userId"u8))
            {
                Expect(ref reader, JsonTokenType.String);
                userId = reader.GetString();
            }
            else if (reader.ValueTextEquals("updatedAt"u8))
            {
                Expect(ref reader, JsonTokenType.String);
                updatedAt = reader.GetDateTimeOffset();
            }
            else if (reader.ValueTextEquals("eventId"u8))
            {
                Expect(ref reader, JsonTokenType.String);
                eventId = reader.GetGuid();
            }
            else if (reader.ValueTextEquals("items"u8))
            {
                Expect(ref reader, JsonTokenType.StartArray);
                items = new List<ScoredItem>(count);
                while (items.Count < count && reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var item = JsonSerializer.Deserialize(ref reader, NebulaJsonContext.Default.ScoredItem)
                        ?? throw new JsonException("A stored list holds a null item.");
                    if (keep(item.ItemId))
                    {
                        items.Add(item);
                    }
                }

                if (userId is not null && updatedAt is not null && eventId is not null)
                {
                    break;
                }

                // The header comes after the items (a list stored before they came last): skip the rest unparsed.
                if (items.Count == count)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new RecommendationList(
            userId ?? throw new JsonException("A stored list has no userId."),
            items ?? throw new JsonException("A stored list has no items."),
            updatedAt ?? throw new JsonException("A stored list has no updatedAt."),
            eventId ?? throw new JsonException("A stored list has no eventId."));
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (!reader.Read() || reader.TokenType != token)
        {
            throw new JsonException($"A stored list is not as written: expected {token}, found {reader.TokenType}.");
        }
    }
}
