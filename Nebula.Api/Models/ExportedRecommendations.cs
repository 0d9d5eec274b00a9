namespace Nebula.Api.Models;

/// <summary>A user's stored list: item ids with scores, when it was written and the event that caused it.</summary>
public sealed record ExportedRecommendations(IReadOnlyList<ExportedScore> Items, DateTimeOffset UpdatedAt, Guid EventId);
