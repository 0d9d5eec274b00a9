namespace Nebula.Api.Models;

public sealed record ExportedScore(string ItemId, double Score);
