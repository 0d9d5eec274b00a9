namespace Nebula.Ui.Services;

/// <summary>An interaction as the page sends it, always with its own event id so that a retry is not counted twice.</summary>
public sealed record InteractionRequest(string UserId, string ItemId, string Type, Guid EventId);
