namespace Nebula.Core.Contracts;

/// <summary>One interaction, as the Api stamps it and the worker applies it. Key = <see cref="UserId"/>.</summary>
public sealed record InteractionEvent(Guid EventId, string UserId, string ItemId, string Type, DateTimeOffset OccurredAt);
