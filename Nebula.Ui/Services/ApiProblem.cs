namespace Nebula.Ui.Services;

/// <summary>The part of an RFC 9457 problem the page shows.</summary>
public sealed record ApiProblem(string? Title, string? Detail, IReadOnlyDictionary<string, string[]>? Errors);
