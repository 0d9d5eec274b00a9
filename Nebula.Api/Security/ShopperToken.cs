namespace Nebula.Api.Security;

/// <summary>What a valid shopper token grants: <see cref="Roles"/> for <see cref="UserId"/> only, until <see cref="ExpiresAt"/>.</summary>
public sealed record ShopperToken(string UserId, IReadOnlyList<string> Roles, DateTimeOffset ExpiresAt);
