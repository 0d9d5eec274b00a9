namespace Nebula.Api.Models;

/// <summary>A user's taste profile as stored: its direction (unit vector, null before a positive event), length, events applied and recent items (newest first).</summary>
public sealed record ExportedProfile(long EventCount, DateTimeOffset UpdatedAt, double Weight, IReadOnlyList<float>? Vector, IReadOnlyList<string> RecentItems);
