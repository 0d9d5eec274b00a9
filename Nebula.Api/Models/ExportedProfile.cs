namespace Nebula.Api.Models;

/// <summary>
/// A user's taste profile as stored: its direction (unit vector, null before a positive event), length, events applied,
/// recent items (newest first) and which of them may be recommended again (their latest event was of a repeatable type).
/// </summary>
public sealed record ExportedProfile(long EventCount, DateTimeOffset UpdatedAt, double Weight, IReadOnlyList<float>? Vector, IReadOnlyList<string> RecentItems, IReadOnlyList<string> RepeatableItems);
