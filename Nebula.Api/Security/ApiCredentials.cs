using Microsoft.Net.Http.Headers;

namespace Nebula.Api.Security;

/// <summary>Where a caller puts its key or shopper token: <c>X-Api-Key</c>, or <c>Authorization: Bearer</c>.</summary>
public static class ApiCredentials
{
    public const string ApiKeyHeader = "X-Api-Key";

    private const string BearerPrefix = "Bearer ";

    /// <summary>The credential the headers carry, or null when they carry none.</summary>
    public static string? From(IHeaderDictionary headers)
    {
        if (headers.TryGetValue(ApiKeyHeader, out var key) && key.Count > 0 && !string.IsNullOrEmpty(key[0]))
        {
            return key[0];
        }

        var authorization = headers[HeaderNames.Authorization].ToString();
        return authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) && authorization.Length > BearerPrefix.Length
            ? authorization[BearerPrefix.Length..].Trim()
            : null;
    }
}
