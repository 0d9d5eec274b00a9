namespace Nebula.Evaluator.Methods;

/// <summary>The most interacted items so far, for everyone alike.</summary>
public sealed class PopularityMethod(Nebula.Evaluator.Data.ItemVectors vectors) : CatalogScoringMethod(vectors)
{
    private readonly float[] _counts = new float[vectors.Count];

    public override string Name => "Popularity";

    public override void Observe(string userId, int item, DateTimeOffset at, string type) => _counts[item]++;

    public override void Score(string userId, DateTimeOffset now, Span<float> scores) => _counts.CopyTo(scores);
}
