namespace Nebula.Api.Models;

/// <summary>A minted shopper token: send it as <c>Authorization: Bearer</c> until <paramref name="ExpiresAt"/>.</summary>
public sealed record ShopperTokenResponse(string Token, string UserId, IReadOnlyList<string> Roles, DateTimeOffset ExpiresAt);
