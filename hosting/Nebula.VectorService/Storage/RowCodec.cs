using System.Globalization;
using System.Text;
using System.Text.Json;
using Nebula.Milvus;

namespace Nebula.VectorService.Storage;

/// <summary>Checks a row against its collection's schema as Milvus does (code 1804 on bad data) and splits it into scalars and vector.</summary>
internal static class RowCodec
{
    public static (string Id, byte[] Scalars, float[] Vector) Validate(CollectionDefinition definition, JsonElement row, int position)
    {
        if (row.ValueKind != JsonValueKind.Object)
        {
            throw Bad(position, "a row must be a JSON object");
        }

        foreach (var property in row.EnumerateObject())
        {
            if (!definition.EnableDynamicField && !definition.Fields.Any(f => f.Name == property.Name))
            {
                throw Bad(position, $"field '{property.Name}' is not in the schema");
            }
        }

        float[]? vector = null;
        string? id = null;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var field in definition.Fields)
            {
                var present = row.TryGetProperty(field.Name, out var value) && value.ValueKind != JsonValueKind.Null;
                if (!present)
                {
                    if (field.Nullable)
                    {
                        writer.WriteNull(field.Name);
                        continue;
                    }

                    throw Bad(position, $"field '{field.Name}' is missing");
                }

                if (field.DataType == "FloatVector")
                {
                    vector = ReadVector(value, field, position);
                    continue;
                }

                CheckScalar(field, value, position);
                writer.WritePropertyName(field.Name);
                value.WriteTo(writer);
                if (field.IsPrimary)
                {
                    id = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
                }
            }

            writer.WriteEndObject();
        }

        return (id!, buffer.ToArray(), vector!);
    }

    /// <summary>The primary key of stored scalars, as a string.</summary>
    public static string PrimaryKey(CollectionDefinition definition, JsonElement scalars)
    {
        var value = scalars.GetProperty(definition.PrimaryField.Name);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
    }

    private static float[] ReadVector(JsonElement value, FieldDefinition field, int position)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != field.Dim)
        {
            throw Bad(position, $"field '{field.Name}' must be an array of {field.Dim} numbers");
        }

        return VectorJson.TryRead(value, out var vector, out var bad)
            ? vector
            : throw Bad(position, $"field '{field.Name}' holds a value that is not a finite float at index {bad}");
    }

    private static void CheckScalar(FieldDefinition field, JsonElement value, int position)
    {
        switch (field.DataType)
        {
            case "VarChar":
                if (value.ValueKind != JsonValueKind.String)
                {
                    throw Bad(position, $"field '{field.Name}' must be a string");
                }

                CheckLength(field, value.GetString()!, position);
                break;
            case "Int64" or "Int32" or "Int16" or "Int8":
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out _))
                {
                    throw Bad(position, $"field '{field.Name}' must be an integer");
                }

                break;
            case "Float" or "Double":
                if (value.ValueKind != JsonValueKind.Number)
                {
                    throw Bad(position, $"field '{field.Name}' must be a number");
                }

                break;
            case "Bool":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    throw Bad(position, $"field '{field.Name}' must be true or false");
                }

                break;
            case "Array":
                if (value.ValueKind != JsonValueKind.Array)
                {
                    throw Bad(position, $"field '{field.Name}' must be an array");
                }

                if (field.MaxCapacity is { } capacity && value.GetArrayLength() > capacity)
                {
                    throw Bad(position, $"field '{field.Name}' holds {value.GetArrayLength()} elements, more than max_capacity {capacity}");
                }

                foreach (var element in value.EnumerateArray())
                {
                    CheckScalar(field with { DataType = field.ElementDataType ?? "VarChar" }, element, position);
                }

                break;
        }
    }

    private static void CheckLength(FieldDefinition field, string value, int position)
    {
        // Milvus counts max_length in bytes, not characters.
        var bytes = Encoding.UTF8.GetByteCount(value);
        if (field.MaxLength is { } max && bytes > max)
        {
            throw Bad(position, $"field '{field.Name}' is {bytes} bytes, longer than max_length {max}");
        }
    }

    private static VectorServiceException Bad(int position, string message)
        => new(MilvusErrorCodes.BadInsertData, string.Create(CultureInfo.InvariantCulture, $"row {position}: {message}"));
}
