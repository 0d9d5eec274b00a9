namespace Nebula.Api.Models;

/// <summary>How many events were accepted and refused, and each event's outcome in request order.</summary>
public sealed record InteractionBatchResponse(int Accepted, int Rejected, IReadOnlyList<InteractionBatchResult> Results);
