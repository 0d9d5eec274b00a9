using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Nebula.Api.Security;

/// <summary>
/// Authenticates a request by its API key or shopper token (<see cref="ApiCredentials"/>). No credential is no result
/// (the route's policy then answers 401); a wrong key, or a token that is tampered with or expired, fails with the
/// reason, which the 401 says.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRing keys,
    ShopperTokenCodec tokens,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ApiCredentials.From(Request.Headers) is not { } credential)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        List<Claim> claims;
        if (ShopperTokenCodec.LooksLikeToken(credential))
        {
            if (tokens.Read(credential, time.GetUtcNow(), out var failure) is not { } token)
            {
                return Task.FromResult(AuthenticateResult.Fail(failure!));
            }

            claims = [new(ClaimTypes.Name, $"shopper {token.UserId}"), new(ApiClaims.Shopper, token.UserId)];
            claims.AddRange(token.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        }
        else if (keys.Find(credential) is { } key)
        {
            claims = [new(ClaimTypes.Name, key.Name), new(ApiClaims.KeyName, key.Name)];
            claims.AddRange(key.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        }
        else
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
