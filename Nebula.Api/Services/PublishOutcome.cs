using Nebula.Api.Models;

namespace Nebula.Api.Services;

/// <summary>An interaction the broker took (<see cref="Accepted"/>), or why it did not (<see cref="Failure"/>): the client should retry later.</summary>
public sealed record PublishOutcome(InteractionAccepted? Accepted, string? Failure);
