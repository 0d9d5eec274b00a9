namespace Nebula.Api.Models;

/// <summary>
/// A token for one shopper: <paramref name="Roles"/> defaults to every role of the calling key among <c>read</c> and
/// <c>ingest</c>; <paramref name="LifetimeSeconds"/> to the configured lifetime.
/// </summary>
public sealed record ShopperTokenRequest(string? UserId, IReadOnlyList<string>? Roles = null, int? LifetimeSeconds = null);
