using Nebula.Core.Recommendations;
using Nebula.Evaluator.Data;

namespace Nebula.Evaluator.Methods;

/// <summary>
/// Nebula's worker as it is: <see cref="TasteProfileUpdater.Apply"/> per event with the worker's options, and the
/// cosine between the profile and each item (the items' Vectors are unit length, so the dot product).
/// </summary>
public sealed class NebulaProfileMethod(ItemVectors vectors, RecommendationOptions options) : CatalogScoringMethod(vectors)
{
    private readonly Dictionary<string, TasteProfile> _profiles = new(StringComparer.Ordinal);

    public override string Name => "Nebula profile (issue 4)";

    public IReadOnlyDictionary<string, TasteProfile> Profiles => _profiles;

    public override void Observe(string userId, int item, DateTimeOffset at, string type) =>
        _profiles[userId] = TasteProfileUpdater.Apply(_profiles.GetValueOrDefault(userId), Vectors.ItemIds[item], Vectors[item], type, at, options);

    public override void Score(string userId, DateTimeOffset now, Span<float> scores)
    {
        if (_profiles.GetValueOrDefault(userId)?.Vector is not { } profile)
        {
            scores.Fill(float.NegativeInfinity);
            return;
        }

        CatalogScores.Dot(Vectors, profile, scores);
    }
}
