namespace Nebula.Api.Models;

/// <summary>An event id Nebula keeps for a user, with when it occurred (null: still being published).</summary>
public sealed record ExportedEvent(Guid EventId, DateTimeOffset? OccurredAt);
