using Nebula.Core.Contracts;

namespace Nebula.Api.Models;

/// <summary>A stored list's item, with its score and the reasons kept with it (they name items the user touched).</summary>
public sealed record ExportedScore(string ItemId, double Score, IReadOnlyList<RecommendationReason>? Reasons = null);
