using System.Numerics.Tensors;
using Nebula.Evaluator.Data;

namespace Nebula.Evaluator.Methods;

/// <summary>
/// The Python original's rule: the first item's vector, then <c>u ← 0.9·u + 0.1·v</c> for every
/// event whatever its type, never renormalised; nearest items by L2, which for unit item Vectors ranks as u·v.
/// </summary>
public sealed class OriginalRuleMethod(ItemVectors vectors) : CatalogScoringMethod(vectors)
{
    private const float Carry = 0.9f;
    private const float Step = 0.1f;

    private readonly Dictionary<string, float[]> _profiles = new(StringComparer.Ordinal);

    public override string Name => "Original rule (0.9·u + 0.1·v)";

    public override void Observe(string userId, int item, DateTimeOffset at, string type)
    {
        if (!_profiles.TryGetValue(userId, out var profile))
        {
            _profiles[userId] = Vectors[item].ToArray();
            return;
        }

        TensorPrimitives.Multiply(profile, Carry, profile);
        TensorPrimitives.MultiplyAdd(Vectors[item], Step, profile, profile);
    }

    public override void Score(string userId, DateTimeOffset now, Span<float> scores)
    {
        if (!_profiles.TryGetValue(userId, out var profile))
        {
            scores.Fill(float.NegativeInfinity);
            return;
        }

        CatalogScores.Dot(Vectors, profile, scores);
    }
}
