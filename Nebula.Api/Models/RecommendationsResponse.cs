namespace Nebula.Api.Models;

/// <summary>
/// A user's recommendations. <c>source</c> is <c>personalized</c> (from their profile; <c>updatedAt</c> and
/// <c>eventId</c> say when and why it last changed) or <c>popular</c> (no profile yet). <c>partial</c> means the
/// catalogue could not be read in time: the items carry their ids and scores only.
/// </summary>
public sealed record RecommendationsResponse(string UserId, string Source, IReadOnlyList<RecommendedItem> Items, DateTimeOffset? UpdatedAt, Guid? EventId, bool Partial = false);
