namespace Nebula.Api.Models;

/// <summary>
/// Everything Nebula holds about one user (<c>GET /users/{id}/export</c>): the taste profile, the current list, the
/// event ids the worker applied and the ones the Api published (idempotency records), each with its time.
/// </summary>
public sealed record UserDataExport(
    string UserId,
    ExportedProfile? Profile,
    ExportedRecommendations? Recommendations,
    IReadOnlyList<ExportedEvent> AppliedEvents,
    IReadOnlyList<ExportedEvent> PublishedEvents);
