using System.Globalization;
using System.Text.Json;
using Nebula.Milvus;
using Nebula.VectorService.Query;

namespace Nebula.VectorService.Http;

/// <summary>Reads request bodies as Milvus does, with its error codes for missing or malformed parameters.</summary>
internal static class RequestReader
{
    public static string RequiredString(JsonElement body, string name)
        => body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new VectorServiceException(MilvusErrorCodes.MissingRequiredParameters, $"missing required parameters: {name}");

    public static JsonElement.ArrayEnumerator RequiredArray(JsonElement body, string name)
        => body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw new VectorServiceException(MilvusErrorCodes.MissingRequiredParameters, $"missing required parameters: {name}");

    public static int? OptionalInt(JsonElement body, string name)
        => body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    public static int? IntParameter(JsonElement parameters, string name)
    {
        if (parameters.ValueKind != JsonValueKind.Object || !parameters.TryGetProperty(name, out var value))
        {
            return null;
        }

        // Milvus accepts numbers or numeric strings here.
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var n) => n,
            JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) => s,
            _ => throw new VectorServiceException(MilvusErrorCodes.InvalidParameter, $"parameter {name} must be an integer"),
        };
    }

    public static FilterExpression? OptionalFilter(JsonElement body)
        => body.TryGetProperty("filter", out var filter) && filter.GetString() is { Length: > 0 } text ? FilterExpression.Parse(text) : null;

    public static HashSet<string> OutputFields(JsonElement body)
        => body.TryGetProperty("outputFields", out var fields) && fields.ValueKind == JsonValueKind.Array
            ? fields.EnumerateArray().Select(f => f.GetString() ?? "").ToHashSet(StringComparer.Ordinal)
            : [];
}
