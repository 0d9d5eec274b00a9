namespace Nebula.Api.Models;

/// <summary>Up to <c>MaxBatchEvents</c> interactions, published in the order given.</summary>
public sealed record InteractionBatchRequest(IReadOnlyList<InteractionRequest?>? Events);
