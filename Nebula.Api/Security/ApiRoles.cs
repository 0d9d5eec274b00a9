namespace Nebula.Api.Security;

/// <summary>
/// What a key may do. A key carries one or more roles; <see cref="Admin"/> implies the other two. A shopper token
/// carries <see cref="Ingest"/> and/or <see cref="Read"/>, for its one user only.
/// </summary>
public static class ApiRoles
{
    /// <summary>Post interaction events.</summary>
    public const string Ingest = "ingest";

    /// <summary>Read recommendations, profiles, items, search and streams.</summary>
    public const string Read = "read";

    /// <summary>Everything, including health details and the user-data and catalogue routes.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Ingest, Read, Admin];

    /// <summary>The roles a key's <c>Roles</c> setting names ("read,ingest"), or null when it names one that does not exist.</summary>
    public static IReadOnlyList<string>? Parse(string? roles)
    {
        var names = (roles ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0 || names.Any(n => !All.Contains(n, StringComparer.Ordinal)))
        {
            return null;
        }

        return names.Contains(Admin, StringComparer.Ordinal) ? All : [.. names.Distinct(StringComparer.Ordinal)];
    }
}
