using System.Text.Json;
using Nebula.Milvus;
using Nebula.VectorService.Query;
using Nebula.VectorService.Storage;

namespace Nebula.VectorService.Http;

/// <summary>Milvus' reply shapes: the envelope <c>{"code", "message", "data"}</c>, rows and lists.</summary>
internal static class ResponseWriter
{
    public static async Task WriteEnvelopeAsync(HttpResponse response, int code, string? message, DataWriter? data)
    {
        response.ContentType = "application/json; charset=utf-8";
        // Straight into the response's pipe: its pooled blocks hold a reply of thousands of hits as it is written. Over
        // the body stream the writer kept the whole reply in one buffer of its own, grown by doubling and copying.
        using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteNumber("code", code);
        if (message is not null)
        {
            writer.WriteString("message", message);
        }

        if (code == 0)
        {
            writer.WriteNumber("cost", 0);
            if (data is not null)
            {
                data(writer);
            }
            else
            {
                writer.WriteStartObject("data");
                writer.WriteEndObject();
            }
        }

        writer.WriteEndObject();
        writer.Flush();
        await response.BodyWriter.FlushAsync();
    }

    /// <summary>Runs a call whose reply has no data (Milvus' <c>"data": {}</c>).</summary>
    public static DataWriter? Do(Action action)
    {
        action();
        return null;
    }

    // Every writer below captures values computed before the reply starts: a failure must become an envelope, not a cut-off body.
    public static DataWriter Strings(string name, IReadOnlyList<string> values) => w => WriteStrings(w, name, values);

    public static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    public static void WriteRows(Utf8JsonWriter w, CollectionDefinition definition, IReadOnlyList<SearchHit> rows, HashSet<string> outputFields)
    {
        w.WriteStartArray("data");
        foreach (var row in rows)
        {
            WriteRow(w, definition, row, outputFields, withDistance: false);
        }

        w.WriteEndArray();
    }

    /// <summary>Writes the requested fields of a hit as one JSON object (Milvus' row shape), with <c>distance</c> for searches.</summary>
    public static void WriteRow(Utf8JsonWriter writer, CollectionDefinition definition, SearchHit hit, HashSet<string> outputFields, bool withDistance)
    {
        writer.WriteStartObject();
        var primary = definition.PrimaryField.Name;
        var all = outputFields.Contains("*");
        if (hit.Scalars.TryGetProperty(primary, out var id))
        {
            writer.WritePropertyName(primary);
            id.WriteTo(writer);
        }

        foreach (var property in hit.Scalars.EnumerateObject())
        {
            if (!property.NameEquals(primary) && (all || IsRequested(property, outputFields)))
            {
                property.WriteTo(writer);
            }
        }

        // A hit carries its vector only when the reply lists the vector field (EntityHandlers.WantsVectors).
        if (hit.Vector is { } vector)
        {
            writer.WritePropertyName(definition.VectorField.Name);
            VectorJson.Write(writer, vector);
        }

        if (withDistance)
        {
            writer.WriteNumber("distance", hit.Score);
        }

        writer.WriteEndObject();
    }

    // Compared in UTF-8 as stored: reading each property's name as a string cost one string per field of every hit.
    private static bool IsRequested(JsonProperty property, HashSet<string> outputFields)
    {
        foreach (var field in outputFields)
        {
            if (property.NameEquals(field))
            {
                return true;
            }
        }

        return false;
    }
}
