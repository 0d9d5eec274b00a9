using System.Text.Json;
using Nebula.Milvus;
using Nebula.VectorService.Collections;
using Nebula.VectorService.Storage;
using static Nebula.VectorService.Http.RequestReader;

namespace Nebula.VectorService.Http;

/// <summary><c>indexes/*</c>: only HNSW with COSINE is served.</summary>
internal static class IndexHandlers
{
    public static IndexDefinition ReadIndex(JsonElement index, IReadOnlyList<FieldDefinition> fields)
    {
        var fieldName = RequiredString(index, "fieldName");
        if (fields.FirstOrDefault(f => f.Name == fieldName) is not { DataType: "FloatVector" })
        {
            throw new VectorServiceException(MilvusErrorCodes.InvalidParameter, $"index field {fieldName} is not the collection's vector field");
        }

        var metric = RequiredString(index, "metricType");
        if (metric != "COSINE")
        {
            throw new VectorServiceException(MilvusErrorCodes.InvalidParameter, $"metric type {metric} is not served by the embedded vector service (only COSINE)");
        }

        var parameters = index.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        var type = parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("index_type", out var t) ? t.GetString()
            : index.TryGetProperty("indexType", out var top) ? top.GetString() : "AUTOINDEX";
        if (type is not ("HNSW" or "AUTOINDEX"))
        {
            throw new VectorServiceException(MilvusErrorCodes.InvalidParameter, $"index type {type} is not served by the embedded vector service (only HNSW)");
        }

        return new IndexDefinition(fieldName, index.TryGetProperty("indexName", out var n) ? n.GetString() ?? fieldName : fieldName, metric,
            IntParameter(parameters, "M") ?? 16, IntParameter(parameters, "efConstruction") ?? 200);
    }

    public static DataWriter? CreateIndex(VectorStore store, JsonElement body)
    {
        var name = RequiredString(body, "collectionName");
        var collection = store.Resolve(name);
        var index = ReadIndex(RequiredArray(body, "indexParams").First(), collection.Definition.Fields);
        store.Update(name, d => d.Index is null ? d with { Index = index }
            : throw new VectorServiceException(MilvusErrorCodes.IndexDuplicate, $"at most one distinct index is allowed per field[field={index.FieldName}]"));
        return null;
    }

    public static DataWriter DescribeIndexes(VectorStore store, JsonElement body, bool namesOnly)
    {
        var collection = store.Resolve(RequiredString(body, "collectionName"));
        var index = collection.Definition.Index;
        return w =>
        {
            w.WriteStartArray("data");
            if (index is not null && namesOnly)
            {
                w.WriteStringValue(index.IndexName);
            }
            else if (index is not null)
            {
                w.WriteStartObject();
                w.WriteString("indexName", index.IndexName);
                w.WriteString("fieldName", index.FieldName);
                w.WriteString("indexType", "HNSW");
                w.WriteString("metricType", index.MetricType);
                w.WriteNumber("totalRows", collection.Count);
                w.WriteNumber("indexedRows", collection.Count);
                w.WriteNumber("pendingRows", 0);
                w.WriteString("indexState", "Finished");
                w.WriteString("failReason", "");
                w.WriteEndObject();
            }

            w.WriteEndArray();
        };
    }
}
