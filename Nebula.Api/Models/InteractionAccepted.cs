namespace Nebula.Api.Models;

/// <summary>The broker has the event.</summary>
public sealed record InteractionAccepted(Guid EventId, DateTimeOffset OccurredAt);
