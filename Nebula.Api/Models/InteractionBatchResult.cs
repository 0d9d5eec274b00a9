namespace Nebula.Api.Models;

/// <summary>
/// One event's outcome in a batch: <c>status</c> is 202 when accepted, else the status a single POST would give, with
/// its problem; a 503 says, in <c>retryAfter</c>, how many seconds to wait before sending that event again.
/// </summary>
public sealed record InteractionBatchResult(int Index, int Status, Guid? EventId, DateTimeOffset? OccurredAt, string? Error, int? RetryAfter = null);
