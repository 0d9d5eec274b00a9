using System.Globalization;
using System.Text.Json;
using Nebula.Milvus;
using Nebula.VectorService.Collections;
using Nebula.VectorService.Storage;
using static Nebula.VectorService.Http.IndexHandlers;
using static Nebula.VectorService.Http.RequestReader;
using static Nebula.VectorService.Http.ResponseWriter;

namespace Nebula.VectorService.Http;

/// <summary><c>collections/*</c>: create (with schema checks), has, describe, load state and row count.</summary>
internal static class CollectionHandlers
{
    public static DataWriter? CreateCollection(VectorStore store, JsonElement body)
    {
        var name = RequiredString(body, "collectionName");
        if (!body.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.Object)
        {
            throw new VectorServiceException(MilvusErrorCodes.InvalidParameter,
                "the embedded vector service needs an explicit 'schema' (quick-setup collections are not served)");
        }

        if (schema.TryGetProperty("autoID", out var autoId) && autoId.ValueKind == JsonValueKind.True)
        {
            throw new VectorServiceException(MilvusErrorCodes.InvalidParameter, "autoID is not served by the embedded vector service");
        }

        var fields = new List<FieldDefinition>();
        foreach (var field in RequiredArray(schema, "fields"))
        {
            var parameters = field.TryGetProperty("elementTypeParams", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
            fields.Add(new FieldDefinition(
                RequiredString(field, "fieldName"),
                RequiredString(field, "dataType"),
                field.TryGetProperty("isPrimary", out var primary) && primary.ValueKind == JsonValueKind.True,
                IntParameter(parameters, "dim"),
                IntParameter(parameters, "max_length"),
                IntParameter(parameters, "max_capacity"),
                field.TryGetProperty("elementDataType", out var element) ? element.GetString() : null,
                field.TryGetProperty("nullable", out var nullable) && nullable.ValueKind == JsonValueKind.True));
        }

        ValidateSchema(fields);
        IndexDefinition? index = null;
        if (body.TryGetProperty("indexParams", out var indexParams) && indexParams.ValueKind == JsonValueKind.Array && indexParams.GetArrayLength() > 0)
        {
            index = ReadIndex(indexParams[0], fields);
        }

        store.Create(name, fields, index, schema.TryGetProperty("enableDynamicField", out var dynamic) && dynamic.ValueKind == JsonValueKind.True);
        return null;
    }

    public static void ValidateSchema(List<FieldDefinition> fields)
    {
        var primaries = fields.Where(f => f.IsPrimary).ToList();
        if (primaries.Count != 1 || primaries[0].DataType is not ("VarChar" or "Int64"))
        {
            throw new VectorServiceException(MilvusErrorCodes.IllegalSchema, "the schema needs exactly one primary key field of type VarChar or Int64");
        }

        var vectors = fields.Where(f => f.DataType == "FloatVector").ToList();
        if (vectors.Count != 1 || vectors[0].Dim is not > 0)
        {
            throw new VectorServiceException(MilvusErrorCodes.IllegalSchema, "the embedded vector service serves exactly one FloatVector field with a positive 'dim'");
        }

        if (fields.FirstOrDefault(f => f.DataType == "VarChar" && f.MaxLength is not > 0) is { } varchar)
        {
            throw new VectorServiceException(MilvusErrorCodes.IllegalSchema, $"type param(max_length) should be specified for the field({varchar.Name})");
        }

        if (fields.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count() != fields.Count)
        {
            throw new VectorServiceException(MilvusErrorCodes.IllegalSchema, "duplicated field name");
        }
    }

    public static DataWriter Has(VectorStore store, string name)
    {
        var has = store.Has(name);
        return w =>
        {
            w.WriteStartObject("data");
            w.WriteBoolean("has", has);
            w.WriteEndObject();
        };
    }

    public static DataWriter RowCount(long count) => w =>
    {
        w.WriteStartObject("data");
        w.WriteNumber("rowCount", count);
        w.WriteEndObject();
    };

    public static DataWriter DescribeCollection(VectorStore store, string name)
    {
        var collection = store.Resolve(name);
        var definition = collection.Definition;
        var aliases = store.AliasesOf(definition.Name);
        return w =>
        {
            w.WriteStartObject("data");
            w.WriteString("collectionName", definition.Name);
            w.WriteNumber("collectionID", definition.CollectionId);
            w.WriteString("description", "");
            w.WriteBoolean("autoId", false);
            w.WriteStartArray("fields");
            var id = 100;
            foreach (var field in definition.Fields)
            {
                w.WriteStartObject();
                w.WriteString("name", field.Name);
                w.WriteNumber("id", id++);
                w.WriteString("type", field.DataType);
                w.WriteBoolean("primaryKey", field.IsPrimary);
                w.WriteBoolean("partitionKey", false);
                w.WriteBoolean("autoId", false);
                w.WriteBoolean("nullable", field.Nullable);
                if (field.ElementDataType is { } elementType)
                {
                    w.WriteString("elementType", elementType);
                }

                w.WriteStartArray("params");
                foreach (var (key, value) in new[] { ("dim", field.Dim), ("max_length", field.MaxLength), ("max_capacity", field.MaxCapacity) })
                {
                    if (value is { } v)
                    {
                        w.WriteStartObject();
                        w.WriteString("key", key);
                        w.WriteString("value", v.ToString(CultureInfo.InvariantCulture));
                        w.WriteEndObject();
                    }
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("indexes");
            if (definition.Index is { } index)
            {
                w.WriteStartObject();
                w.WriteString("fieldName", index.FieldName);
                w.WriteString("indexName", index.IndexName);
                w.WriteString("metricType", index.MetricType);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("load", definition.Loaded ? "LoadStateLoaded" : "LoadStateNotLoad");
            w.WriteNumber("shardsNum", 1);
            w.WriteNumber("partitionsNum", 1);
            w.WriteString("consistencyLevel", "Strong");
            w.WriteBoolean("enableDynamicField", definition.EnableDynamicField);
            w.WriteStartArray("properties");
            w.WriteEndArray();
            WriteStrings(w, "aliases", aliases);
            w.WriteEndObject();
        };
    }

    public static DataWriter LoadState(VectorStore store, string name)
    {
        var loaded = store.Resolve(name).Definition.Loaded;
        return w =>
        {
            w.WriteStartObject("data");
            w.WriteString("loadState", loaded ? "LoadStateLoaded" : "LoadStateNotLoad");
            w.WriteNumber("loadProgress", loaded ? 100 : 0);
            w.WriteString("message", "");
            w.WriteEndObject();
        };
    }
}
