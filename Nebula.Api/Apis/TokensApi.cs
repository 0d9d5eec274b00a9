using System.Security.Claims;
using Microsoft.Extensions.Options;
using Nebula.Api.Extensions;
using Nebula.Api.Models;
using Nebula.Api.Security;
using Nebula.Core.Contracts;

namespace Nebula.Api.Apis;

/// <summary>
/// Shopper tokens: a shop's server, holding a key, mints a short-lived token for the shopper whose page it serves; the
/// browser then calls the Api with it, and can post events for, and read the lists of, that shopper only.
/// </summary>
public static class TokensApi
{
    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/tokens/shopper", MintShopperToken)
            .RequireAuthorization(ApiSecurityExtensions.MintTokensPolicy)
            .WithTags("Tokens")
            .WithName("MintShopperToken")
            .WithSummary("Mint a short-lived token for one shopper")
            .WithDescription("Needs an API key (not a shopper token) with the read or ingest role. The token carries the requested roles (at most the key's, never admin) for the one user id, until it expires.")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(4096))
            .Produces<ShopperTokenResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    public static IResult MintShopperToken(
        ShopperTokenRequest request, ClaimsPrincipal user, ShopperTokenCodec codec, TimeProvider time, IOptions<ApiAccessOptions> options)
    {
        var settings = options.Value;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!InteractionRules.IsValidUserId(request.UserId))
        {
            errors["userId"] = [$"userId must be {InteractionRules.UserIdRule}."];
        }

        var held = new[] { ApiRoles.Read, ApiRoles.Ingest }.Where(user.IsInRole).ToList();
        var roles = request.Roles ?? held;
        if (roles.Count == 0 || roles.Any(r => r is not (ApiRoles.Read or ApiRoles.Ingest)))
        {
            errors["roles"] = [$"roles must be one or both of '{ApiRoles.Read}' and '{ApiRoles.Ingest}'."];
        }

        var lifetime = request.LifetimeSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : settings.ShopperTokenLifetime;
        if (lifetime <= TimeSpan.Zero || lifetime > settings.MaxShopperTokenLifetime)
        {
            errors["lifetimeSeconds"] = [$"lifetimeSeconds must be between 1 and {(int)settings.MaxShopperTokenLifetime.TotalSeconds}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid request");
        }

        if (roles.FirstOrDefault(r => !held.Contains(r)) is { } missing)
        {
            return TypedResults.Problem(
                $"This key does not carry the role '{missing}', so it cannot give it to a token.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        }

        var granted = roles.Distinct(StringComparer.Ordinal).ToList();
        // Whole seconds: the token says its expiry in Unix seconds.
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((time.GetUtcNow() + lifetime).ToUnixTimeSeconds());
        return TypedResults.Ok(new ShopperTokenResponse(codec.Mint(request.UserId!, granted, expiresAt), request.UserId!, granted, expiresAt));
    }
}
