namespace Nebula.Api.Models;

/// <summary>An interaction to record. <c>eventId</c> is optional: send the same one when retrying.</summary>
public sealed record InteractionRequest(string? UserId, string? ItemId, string? Type, Guid? EventId = null);
