namespace Nebula.Api.Models;

/// <summary>
/// What the system knows of a user: how many events it has applied, when the profile last moved, and the
/// items they touched most recently (newest first; these are never recommended back).
/// </summary>
public sealed record ProfileResponse(string UserId, long EventCount, DateTimeOffset? UpdatedAt, IReadOnlyList<ItemDetails> RecentItems);
