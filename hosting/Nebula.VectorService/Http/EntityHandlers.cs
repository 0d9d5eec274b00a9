using System.Text.Json;
using Nebula.Milvus;
using Nebula.VectorService.Collections;
using static Nebula.VectorService.Http.RequestReader;
using static Nebula.VectorService.Http.ResponseWriter;

namespace Nebula.VectorService.Http;

/// <summary><c>entities/*</c>: insert and upsert, search, query, get and delete.</summary>
internal static class EntityHandlers
{
    private const int DefaultSearchLimit = 100;
    private const int DefaultQueryLimit = 100;
    private const string CountStar = "count(*)";

    public static DataWriter Upsert(VectorStore store, JsonElement body, string verb)
    {
        var collection = store.Resolve(RequiredString(body, "collectionName"));
        if (!body.TryGetProperty("data", out var data))
        {
            throw new VectorServiceException(MilvusErrorCodes.MissingRequiredParameters, "missing required parameters: data");
        }

        var ids = collection.Upsert(data);
        return w =>
        {
            w.WriteStartObject("data");
            w.WriteNumber($"{verb}Count", ids.Count);
            WriteStrings(w, $"{verb}Ids", ids);
            w.WriteEndObject();
        };
    }

    public static DataWriter Search(VectorStore store, VectorServiceOptions options, JsonElement body)
    {
        var collection = RequireLoaded(store, RequiredString(body, "collectionName"));
        var vectors = RequiredArray(body, "data").Select(SearchVector).ToList();
        if (body.TryGetProperty("annsField", out var anns) && anns.GetString() is { Length: > 0 } field && field != collection.Definition.VectorField.Name)
        {
            throw new VectorServiceException(MilvusErrorCodes.InvalidParameter, $"annsField {field} is not a vector field of the collection");
        }

        var limit = OptionalInt(body, "limit") ?? DefaultSearchLimit;
        var offset = OptionalInt(body, "offset") ?? 0;
        CheckWindow(options, offset, limit);
        var filter = OptionalFilter(body);
        int? ef = body.TryGetProperty("searchParams", out var searchParams) && searchParams.ValueKind == JsonValueKind.Object
            ? (searchParams.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object ? IntParameter(p, "ef") : null) ?? IntParameter(searchParams, "ef")
            : null;
        var outputFields = OutputFields(body);
        var results = collection.Search(vectors, offset + limit, filter, ef, WantsVectors(collection, outputFields)).Select(hits => hits.Skip(offset).ToList()).ToList();
        return w =>
        {
            w.WriteStartArray("topks");
            foreach (var hits in results)
            {
                w.WriteNumberValue(hits.Count);
            }

            w.WriteEndArray();
            w.WriteStartArray("data");
            foreach (var hit in results.SelectMany(h => h))
            {
                WriteRow(w, collection.Definition, hit, outputFields, withDistance: true);
            }

            w.WriteEndArray();
        };
    }

    /// <summary>One search vector, read straight into an array of its length.</summary>
    private static float[] SearchVector(JsonElement vector)
        => VectorJson.TryRead(vector, out var values, out _)
            ? values
            : throw new VectorServiceException(MilvusErrorCodes.InvalidParameter, "each search vector must be an array of finite numbers");

    public static DataWriter Query(VectorStore store, VectorServiceOptions options, JsonElement body)
    {
        var collection = RequireLoaded(store, RequiredString(body, "collectionName"));
        var filter = OptionalFilter(body);
        var limit = OptionalInt(body, "limit");
        if (filter is null && limit is null)
        {
            throw new VectorServiceException(MilvusErrorCodes.InvalidParameter, "empty expression should be used with limit");
        }

        var outputFields = OutputFields(body);
        if (outputFields.Contains(CountStar))
        {
            var count = collection.CountMatching(filter);
            return w =>
            {
                w.WriteStartArray("data");
                w.WriteStartObject();
                w.WriteNumber(CountStar, count);
                w.WriteEndObject();
                w.WriteEndArray();
            };
        }

        var offset = OptionalInt(body, "offset") ?? 0;
        CheckWindow(options, offset, limit ?? DefaultQueryLimit);
        var rows = collection.Query(filter, offset, limit ?? DefaultQueryLimit, WantsVectors(collection, outputFields));
        return w => WriteRows(w, collection.Definition, rows, outputFields);
    }

    public static DataWriter Get(VectorStore store, JsonElement body)
    {
        var collection = RequireLoaded(store, RequiredString(body, "collectionName"));
        if (!body.TryGetProperty("id", out var id))
        {
            throw new VectorServiceException(MilvusErrorCodes.MissingRequiredParameters, "missing required parameters: id");
        }

        IEnumerable<JsonElement> ids = id.ValueKind == JsonValueKind.Array ? id.EnumerateArray() : [id];
        var outputFields = OutputFields(body);
        var rows = collection.Get(ids.Select(i => i.ValueKind == JsonValueKind.String ? i.GetString()! : i.GetRawText()), WantsVectors(collection, outputFields));
        return w => WriteRows(w, collection.Definition, rows, outputFields);
    }

    public static DataWriter Delete(VectorStore store, JsonElement body)
    {
        var collection = store.Resolve(RequiredString(body, "collectionName"));
        var filter = OptionalFilter(body) ?? throw new VectorServiceException(MilvusErrorCodes.MissingRequiredParameters, "missing required parameters: filter");
        var deleted = collection.Delete(filter);
        return w =>
        {
            w.WriteStartObject("data");
            w.WriteNumber("deleteCount", deleted);
            w.WriteEndObject();
        };
    }

    // Vectors are copied out of the index (and written) only for an answer that lists the vector field.
    private static bool WantsVectors(VectorCollection collection, IReadOnlyCollection<string> outputFields) =>
        outputFields.Contains(collection.Definition.VectorField.Name);

    public static VectorCollection RequireLoaded(VectorStore store, string name)
    {
        var collection = store.Resolve(name);
        return collection.Definition.Loaded
            ? collection
            : throw new VectorServiceException(MilvusErrorCodes.CollectionNotLoaded, $"collection not loaded[collection={collection.Definition.Name}]");
    }

    public static void CheckWindow(VectorServiceOptions options, int offset, int limit)
    {
        if (limit < 1 || offset < 0 || offset + limit > options.MaxResultWindow)
        {
            throw new VectorServiceException(MilvusErrorCodes.InvalidParameter,
                $"invalid max query result window, (offset+limit) should be in range [1, {options.MaxResultWindow}], but got {offset + limit}");
        }
    }
}
