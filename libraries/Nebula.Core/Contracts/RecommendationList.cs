using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Nebula.Core.Contracts;

/// <summary>A user's current recommendations as the worker writes them to Redis (<see cref="RedisKeys.Recommendations"/>).</summary>
/// <remarks>
/// <see cref="Items"/> is written last, so that <see cref="ReadTop"/> can stop reading once it has the items a request
/// needs: the stored list is deeper than a list (filters draw on the rest), and parsing all of it was the largest part
/// of serving one. The lists are most of a shopper's state in Redis, so they are written compactly
/// (<see cref="ToUtf8Json"/>) and read back by the serializer.
/// </remarks>
public sealed record RecommendationList(
    string UserId,
    IReadOnlyList<ScoredItem> Items,
    DateTimeOffset UpdatedAt,
    Guid EventId)
{
    private static readonly JsonEncodedText UserIdName = JsonEncodedText.Encode("userId");
    private static readonly JsonEncodedText UpdatedAtName = JsonEncodedText.Encode("updatedAt");
    private static readonly JsonEncodedText EventIdName = JsonEncodedText.Encode("eventId");
    private static readonly JsonEncodedText ItemsName = JsonEncodedText.Encode("items");
    private static readonly JsonEncodedText ItemIdName = JsonEncodedText.Encode("itemId");
    private static readonly JsonEncodedText ScoreName = JsonEncodedText.Encode("score");
    private static readonly JsonEncodedText ReasonsName = JsonEncodedText.Encode("reasons");
    private static readonly JsonEncodedText ReasonName = JsonEncodedText.Encode("reason");
    private static readonly JsonEncodedText BecauseName = JsonEncodedText.Encode("because");

    // One buffer and writer per thread, reused: the worker encodes a batch's lists on every core.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>The stored JSON (<see cref="ToUtf8Json"/>) as a string.</summary>
    public string ToJson() => Encoding.UTF8.GetString(ToUtf8Json());

    /// <summary>
    /// The UTF-8 JSON Redis stores: the serializer's camelCase shape, with two savings. Each score is written at a float's
    /// precision (the shortest digits that read back to the same float, at most nine, where a double takes up to
    /// seventeen; the ranking is decided before it is stored), and a reason with no <see cref="RecommendationReason.Because"/>
    /// leaves it out. Written here rather than by the serializer: a converter for the scores costs it its fast path, and
    /// the list half as long again to write.
    /// </summary>
    public byte[] ToUtf8Json()
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        buffer.ResetWrittenCount();
        // Unvalidated, as the serializer writes: the shape is fixed here.
        var writer = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WriteString(UserIdName, UserId);
        writer.WriteString(UpdatedAtName, UpdatedAt);
        writer.WriteString(EventIdName, EventId);
        writer.WriteStartArray(ItemsName);
        // Indexed, not foreach: over these interfaces each loop would box an enumerator, one per listed item's reasons.
        var items = Items;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            writer.WriteStartObject();
            writer.WriteString(ItemIdName, item.ItemId);
            WriteScore(writer, item.Score);
            if (item.Reasons is { } reasons)
            {
                writer.WriteStartArray(ReasonsName);
                for (var r = 0; r < reasons.Count; r++)
                {
                    var reason = reasons[r];
                    writer.WriteStartObject();
                    writer.WriteString(ReasonName, reason.Reason);
                    if (reason.Because is { } because)
                    {
                        writer.WriteString(BecauseName, because);
                    }

                    WriteScore(writer, reason.Score);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();

        return buffer.WrittenSpan.ToArray();
    }

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

    private static void WriteScore(Utf8JsonWriter writer, double score)
    {
        var single = (float)score;
        // A finite double outside a float's range (no score gets there) is written as it is rather than as infinity.
        if (float.IsFinite(single) || !double.IsFinite(score))
        {
            writer.WriteNumber(ScoreName, single);
        }
        else
        {
            writer.WriteNumber(ScoreName, score);
        }
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (!reader.Read() || reader.TokenType != token)
        {
            throw new JsonException($"A stored list is not as written: expected {token}, found {reader.TokenType}.");
        }
    }
}
