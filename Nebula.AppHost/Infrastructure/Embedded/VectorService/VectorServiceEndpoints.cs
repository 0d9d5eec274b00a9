using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nebula.Core.Milvus;

namespace Nebula.AppHost.Infrastructure.Embedded.VectorService;

/// <summary>
/// The Milvus REST v2 endpoints Nebula's client uses (<c>POST /v2/vectordb/{category}/{action}</c>), with Milvus' JSON
/// shapes and its error envelope: HTTP 200 with <c>{"code": n, "message": …}</c>, 401 with code 1800 without the token.
/// </summary>
internal static class VectorServiceEndpoints
{
    private const int DefaultSearchLimit = 100;
    private const int DefaultQueryLimit = 100;
    private const string CountStar = "count(*)";

    private delegate void DataWriter(Utf8JsonWriter writer);

    public static void MapVectorService(this IEndpointRouteBuilder endpoints, VectorStore store, VectorServiceOptions options, string? token)
    {
        endpoints.MapPost("/v2/vectordb/{category}/{action}", (HttpContext context, string category, string action)
            => HandleAsync(context, store, options, token, category, action));
    }

    private static async Task HandleAsync(HttpContext context, VectorStore store, VectorServiceOptions options, string? token, string category, string action)
    {
        var response = context.Response;
        if (token is not null && !IsAuthorised(context.Request, token))
        {
            response.StatusCode = StatusCodes.Status401Unauthorized;
            await WriteEnvelopeAsync(response, MilvusErrorCodes.NotAuthenticated, "user hasn't authenticated", null).ConfigureAwait(false);
            return;
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            await WriteEnvelopeAsync(response, MilvusErrorCodes.JsonParseError, "can only accept json format request", null).ConfigureAwait(false);
            return;
        }

        using (document)
        {
            DataWriter? data;
            try
            {
                var body = document.RootElement.ValueKind == JsonValueKind.Object
                    ? document.RootElement
                    : throw new VectorServiceException(MilvusErrorCodes.JsonParseError, "can only accept json format request");
                data = Dispatch(store, options, $"{category}/{action}", body);
            }
            catch (VectorServiceException e)
            {
                await WriteEnvelopeAsync(response, e.Code, e.Message, null).ConfigureAwait(false);
                return;
            }
            catch (KeyNotFoundException)
            {
                response.StatusCode = StatusCodes.Status404NotFound;
                await WriteEnvelopeAsync(response, MilvusErrorCodes.InvalidParameter, $"unknown endpoint {category}/{action}", null).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Milvus' code for an unexpected server error; HTTP 500 lets clients treat it as transient.
                response.StatusCode = StatusCodes.Status500InternalServerError;
                await WriteEnvelopeAsync(response, MilvusErrorCodes.Unexpected, e.Message, null).ConfigureAwait(false);
                return;
            }

            await WriteEnvelopeAsync(response, 0, null, data).ConfigureAwait(false);
        }
    }

    private static bool IsAuthorised(HttpRequest request, string token)
        => request.Headers.Authorization.ToString() is { } header
           && header.StartsWith("Bearer ", StringComparison.Ordinal)
           && string.Equals(header["Bearer ".Length..], token, StringComparison.Ordinal);

    private static async Task WriteEnvelopeAsync(HttpResponse response, int code, string? message, DataWriter? data)
    {
        response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(response.Body);
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
        await writer.FlushAsync().ConfigureAwait(false);
    }

    private static DataWriter? Dispatch(VectorStore store, VectorServiceOptions options, string route, JsonElement body) => route switch
    {
        "collections/create" => CreateCollection(store, body),
        "collections/has" => Has(store, RequiredString(body, "collectionName")),
        "collections/list" => Strings("data", store.List()),
        "collections/describe" => DescribeCollection(store, RequiredString(body, "collectionName")),
        "collections/drop" => Do(() => store.Drop(RequiredString(body, "collectionName"))),
        "collections/load" => Do(() => store.Update(RequiredString(body, "collectionName"), d => d.Index is null
            ? throw new VectorServiceException(MilvusErrorCodes.IndexNotFound, $"index not found[collection={d.Name}]")
            : d with { Loaded = true })),
        "collections/release" => Do(() => store.Update(RequiredString(body, "collectionName"), d => d with { Loaded = false })),
        "collections/get_load_state" => LoadState(store, RequiredString(body, "collectionName")),
        "collections/get_stats" => RowCount(store.Resolve(RequiredString(body, "collectionName")).Count),
        "indexes/create" => CreateIndex(store, body),
        "indexes/describe" or "indexes/list" => DescribeIndexes(store, body, route == "indexes/list"),
        "entities/insert" or "entities/upsert" => Upsert(store, body, route == "entities/insert" ? "insert" : "upsert"),
        "entities/search" => Search(store, options, body),
        "entities/query" => Query(store, options, body),
        "entities/get" => Get(store, body),
        "entities/delete" => Delete(store, body),
        "aliases/create" => Do(() => store.CreateAlias(RequiredString(body, "aliasName"), RequiredString(body, "collectionName"))),
        "aliases/alter" => Do(() => store.AlterAlias(RequiredString(body, "aliasName"), RequiredString(body, "collectionName"))),
        "aliases/drop" => Do(() => store.DropAlias(RequiredString(body, "aliasName"))),
        "aliases/list" => Strings("data", store.ListAliases()),
        "aliases/describe" => DescribeAlias(store, RequiredString(body, "aliasName")),
        _ => throw new KeyNotFoundException(route),
    };

    // Every writer below captures values computed before the reply starts: a failure must become an envelope, not a cut-off body.
    private static DataWriter Strings(string name, IReadOnlyList<string> values) => w => WriteStrings(w, name, values);

    private static DataWriter Has(VectorStore store, string name)
    {
        var has = store.Has(name);
        return w =>
        {
            w.WriteStartObject("data");
            w.WriteBoolean("has", has);
            w.WriteEndObject();
        };
    }

    private static DataWriter RowCount(long count) => w =>
    {
        w.WriteStartObject("data");
        w.WriteNumber("rowCount", count);
        w.WriteEndObject();
    };

    private static DataWriter? Do(Action action)
    {
        action();
        return null;
    }

    // ---- collections and indexes ----

    private static DataWriter? CreateCollection(VectorStore store, JsonElement body)
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

    private static void ValidateSchema(List<FieldDefinition> fields)
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

    private static IndexDefinition ReadIndex(JsonElement index, IReadOnlyList<FieldDefinition> fields)
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

    private static DataWriter? CreateIndex(VectorStore store, JsonElement body)
    {
        var name = RequiredString(body, "collectionName");
        var collection = store.Resolve(name);
        var index = ReadIndex(RequiredArray(body, "indexParams").First(), collection.Definition.Fields);
        store.Update(name, d => d.Index is null ? d with { Index = index }
            : throw new VectorServiceException(MilvusErrorCodes.IndexDuplicate, $"at most one distinct index is allowed per field[field={index.FieldName}]"));
        return null;
    }

    private static DataWriter DescribeIndexes(VectorStore store, JsonElement body, bool namesOnly)
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

    private static DataWriter DescribeCollection(VectorStore store, string name)
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

    private static DataWriter LoadState(VectorStore store, string name)
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

    private static DataWriter DescribeAlias(VectorStore store, string alias)
    {
        var target = store.DescribeAlias(alias);
        return w =>
        {
            w.WriteStartObject("data");
            w.WriteString("aliasName", alias);
            w.WriteString("collectionName", target);
            w.WriteString("dbName", "default");
            w.WriteEndObject();
        };
    }

    // ---- entities ----

    private static DataWriter Upsert(VectorStore store, JsonElement body, string verb)
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

    private static DataWriter Search(VectorStore store, VectorServiceOptions options, JsonElement body)
    {
        var collection = RequireLoaded(store, RequiredString(body, "collectionName"));
        var vectors = RequiredArray(body, "data").Select(v => v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(x => x.GetSingle()).ToArray()
            : throw new VectorServiceException(MilvusErrorCodes.InvalidParameter, "each search vector must be an array of numbers")).ToList();
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
        var results = collection.Search(vectors, offset + limit, filter, ef).Select(hits => hits.Skip(offset).ToList()).ToList();
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
                collection.WriteRow(w, hit, outputFields, withDistance: true);
            }

            w.WriteEndArray();
        };
    }

    private static DataWriter Query(VectorStore store, VectorServiceOptions options, JsonElement body)
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
        var rows = collection.Query(filter, offset, limit ?? DefaultQueryLimit);
        return w => WriteRows(w, collection, rows, outputFields);
    }

    private static DataWriter Get(VectorStore store, JsonElement body)
    {
        var collection = RequireLoaded(store, RequiredString(body, "collectionName"));
        if (!body.TryGetProperty("id", out var id))
        {
            throw new VectorServiceException(MilvusErrorCodes.MissingRequiredParameters, "missing required parameters: id");
        }

        IEnumerable<JsonElement> ids = id.ValueKind == JsonValueKind.Array ? id.EnumerateArray() : [id];
        var rows = collection.Get(ids.Select(i => i.ValueKind == JsonValueKind.String ? i.GetString()! : i.GetRawText()));
        var outputFields = OutputFields(body);
        return w => WriteRows(w, collection, rows, outputFields);
    }

    private static DataWriter Delete(VectorStore store, JsonElement body)
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

    private static void WriteRows(Utf8JsonWriter w, VectorCollection collection, IReadOnlyList<VectorCollection.Hit> rows, IReadOnlyCollection<string> outputFields)
    {
        w.WriteStartArray("data");
        foreach (var row in rows)
        {
            collection.WriteRow(w, row, outputFields, withDistance: false);
        }

        w.WriteEndArray();
    }

    private static VectorCollection RequireLoaded(VectorStore store, string name)
    {
        var collection = store.Resolve(name);
        return collection.Definition.Loaded
            ? collection
            : throw new VectorServiceException(MilvusErrorCodes.CollectionNotLoaded, $"collection not loaded[collection={collection.Definition.Name}]");
    }

    private static void CheckWindow(VectorServiceOptions options, int offset, int limit)
    {
        if (limit < 1 || offset < 0 || offset + limit > options.MaxResultWindow)
        {
            throw new VectorServiceException(MilvusErrorCodes.InvalidParameter,
                $"invalid max query result window, (offset+limit) should be in range [1, {options.MaxResultWindow}], but got {offset + limit}");
        }
    }

    // ---- request reading ----

    private static string RequiredString(JsonElement body, string name)
        => body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new VectorServiceException(MilvusErrorCodes.MissingRequiredParameters, $"missing required parameters: {name}");

    private static JsonElement.ArrayEnumerator RequiredArray(JsonElement body, string name)
        => body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw new VectorServiceException(MilvusErrorCodes.MissingRequiredParameters, $"missing required parameters: {name}");

    private static int? OptionalInt(JsonElement body, string name)
        => body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    private static int? IntParameter(JsonElement parameters, string name)
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

    private static FilterExpression? OptionalFilter(JsonElement body)
        => body.TryGetProperty("filter", out var filter) && filter.GetString() is { Length: > 0 } text ? FilterExpression.Parse(text) : null;

    private static HashSet<string> OutputFields(JsonElement body)
        => body.TryGetProperty("outputFields", out var fields) && fields.ValueKind == JsonValueKind.Array
            ? fields.EnumerateArray().Select(f => f.GetString() ?? "").ToHashSet(StringComparer.Ordinal)
            : [];

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }
}
