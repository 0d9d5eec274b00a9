namespace Nebula.Ui.Services;

/// <summary>The Api's answer to an accepted interaction.</summary>
public sealed record InteractionAccepted(Guid EventId, DateTimeOffset OccurredAt);
