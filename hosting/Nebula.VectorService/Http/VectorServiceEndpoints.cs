using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Nebula.Milvus;
using Nebula.VectorService.Access;
using Nebula.VectorService.Collections;
using static Nebula.VectorService.Http.RequestReader;
using static Nebula.VectorService.Http.ResponseWriter;

namespace Nebula.VectorService.Http;

/// <summary>
/// The Milvus REST v2 endpoints Nebula's client uses (<c>POST /v2/vectordb/{category}/{action}</c>), with Milvus' JSON
/// shapes and its error envelope: HTTP 200 with <c>{"code": n, "message": …}</c>, 401 with code 1800 for a caller who
/// does not authenticate, 403 with code 1401 for one whose roles lack the route's privilege.
/// </summary>
internal static class VectorServiceEndpoints
{
    /// <summary>
    /// Maps <c>POST /v2/vectordb/{category}/{action}</c> over the registered <see cref="VectorStore"/>; with a token set,
    /// every call must authenticate (that token, or a user's <c>name:password</c>) and hold the route's privilege.
    /// </summary>
    public static void MapVectorServiceRoutes(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/v2/vectordb/{category}/{action}", (HttpContext context, string category, string action, VectorStore store, AccessControl access, IOptions<VectorServiceOptions> options)
            => HandleAsync(context, store, access, options.Value, category, action));

    private static async Task HandleAsync(HttpContext context, VectorStore store, AccessControl access, VectorServiceOptions options, string category, string action)
    {
        // A bulk upsert is far larger than Kestrel's default limit (30 MB); set per request, before the body is read.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxRequestBytes;
        }

        var response = context.Response;
        var caller = access.Authenticate(context.Request.Headers.Authorization.ToString());
        if (caller is null)
        {
            response.StatusCode = StatusCodes.Status401Unauthorized;
            await WriteEnvelopeAsync(response, MilvusErrorCodes.NotAuthenticated, "user hasn't authenticated", null);
            return;
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        }
        catch (JsonException)
        {
            await WriteEnvelopeAsync(response, MilvusErrorCodes.JsonParseError, "can only accept json format request", null);
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
                var route = $"{category}/{action}";
                if (access.Enabled && MilvusPrivileges.ForRoute(route) is { } need && !access.IsAllowed(caller, need, ObjectNames(store, need, body)))
                {
                    response.StatusCode = StatusCodes.Status403Forbidden;
                    await WriteEnvelopeAsync(response, MilvusErrorCodes.PrivilegeNotPermitted,
                        $"privilege not permitted: {need.Privilege} on {need.ObjectType} for user {caller}", null);
                    return;
                }

                data = category is "users" or "roles" ? AccessHandlers.Handle(access, route, body) : Dispatch(store, options, route, body);
            }
            catch (VectorServiceException e)
            {
                await WriteEnvelopeAsync(response, e.Code, e.Message, null);
                return;
            }
            catch (KeyNotFoundException)
            {
                response.StatusCode = StatusCodes.Status404NotFound;
                await WriteEnvelopeAsync(response, MilvusErrorCodes.InvalidParameter, $"unknown endpoint {category}/{action}", null);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Milvus' code for an unexpected server error; HTTP 500 lets clients treat it as transient.
                response.StatusCode = StatusCodes.Status500InternalServerError;
                await WriteEnvelopeAsync(response, MilvusErrorCodes.Unexpected, e.Message, null);
                return;
            }

            await WriteEnvelopeAsync(response, 0, null, data);
        }
    }

    // The object a grant may name: the one in the body and, for an alias, the collection behind it.
    private static string[] ObjectNames(VectorStore store, RoutePrivilege need, JsonElement body)
    {
        if (need.ObjectField is null || !body.TryGetProperty(need.ObjectField, out var value) || value.ValueKind != JsonValueKind.String
            || value.GetString() is not { Length: > 0 } name)
        {
            return [];
        }

        return need.ObjectType == MilvusPrivileges.Collection && store.AliasTarget(name) is { } target ? [name, target] : [name];
    }

    private static DataWriter? Dispatch(VectorStore store, VectorServiceOptions options, string route, JsonElement body) => route switch
    {
        "collections/create" => CollectionHandlers.CreateCollection(store, body),
        "collections/has" => CollectionHandlers.Has(store, RequiredString(body, "collectionName")),
        "collections/list" => Strings("data", store.List()),
        "collections/describe" => CollectionHandlers.DescribeCollection(store, RequiredString(body, "collectionName")),
        "collections/drop" => Do(() => store.Drop(RequiredString(body, "collectionName"))),
        "collections/load" => Do(() => store.Update(RequiredString(body, "collectionName"), d => d.Index is null
            ? throw new VectorServiceException(MilvusErrorCodes.IndexNotFound, $"index not found[collection={d.Name}]")
            : d with { Loaded = true })),
        "collections/release" => Do(() => store.Update(RequiredString(body, "collectionName"), d => d with { Loaded = false })),
        "collections/get_load_state" => CollectionHandlers.LoadState(store, RequiredString(body, "collectionName")),
        "collections/get_stats" => CollectionHandlers.RowCount(store.Resolve(RequiredString(body, "collectionName")).Count),
        "indexes/create" => IndexHandlers.CreateIndex(store, body),
        "indexes/describe" or "indexes/list" => IndexHandlers.DescribeIndexes(store, body, route == "indexes/list"),
        "entities/insert" or "entities/upsert" => EntityHandlers.Upsert(store, body, route == "entities/insert" ? "insert" : "upsert"),
        "entities/search" => EntityHandlers.Search(store, options, body),
        "entities/query" => EntityHandlers.Query(store, options, body),
        "entities/get" => EntityHandlers.Get(store, body),
        "entities/delete" => EntityHandlers.Delete(store, body),
        "aliases/create" => Do(() => store.CreateAlias(RequiredString(body, "aliasName"), RequiredString(body, "collectionName"))),
        "aliases/alter" => Do(() => store.AlterAlias(RequiredString(body, "aliasName"), RequiredString(body, "collectionName"))),
        "aliases/drop" => Do(() => store.DropAlias(RequiredString(body, "aliasName"))),
        "aliases/list" => Strings("data", store.ListAliases()),
        "aliases/describe" => AliasHandlers.DescribeAlias(store, RequiredString(body, "aliasName")),
        _ => throw new KeyNotFoundException(route),
    };
}
