using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nebula.Milvus;

/// <summary>Writes every <c>float[]</c> of a request body (search vectors, upserted rows' vectors) with <see cref="VectorJson"/>.</summary>
internal sealed class VectorJsonConverter : JsonConverter<float[]>
{
    public override float[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return VectorJson.TryRead(document.RootElement, out var vector, out _) ? vector : throw new JsonException("a vector must be a JSON array of finite numbers");
    }

    public override void Write(Utf8JsonWriter writer, float[] value, JsonSerializerOptions options) => VectorJson.Write(writer, value);
}
