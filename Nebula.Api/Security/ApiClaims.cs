using System.Security.Claims;

namespace Nebula.Api.Security;

/// <summary>The claims the Api's authentication gives a caller, and what they say.</summary>
public static class ApiClaims
{
    /// <summary>The user id a shopper token is for; a caller with this claim acts for that user only.</summary>
    public const string Shopper = "nebula:shopper";

    /// <summary>The name of the API key used (keys only; a shopper token has none).</summary>
    public const string KeyName = "nebula:key";

    public static string? ShopperOf(ClaimsPrincipal user) => user.FindFirst(Shopper)?.Value;

    public static string? KeyNameOf(ClaimsPrincipal user) => user.FindFirst(KeyName)?.Value;
}
