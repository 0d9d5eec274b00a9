namespace Nebula.Evaluator.Methods;

/// <summary>A method that scores the whole catalogue (what an exact vector search computes), ranked by the worker's ranker.</summary>
public abstract class CatalogScoringMethod(Data.ItemVectors vectors) : IRecommendationMethod
{
    public abstract string Name { get; }

    protected Data.ItemVectors Vectors => vectors;

    public abstract void Observe(string userId, int item, DateTimeOffset at, string type);

    /// <summary>Every item's score; higher is better; <see cref="float.NegativeInfinity"/> for items it cannot score.</summary>
    public abstract void Score(string userId, DateTimeOffset now, Span<float> scores);

    public int[] Recommend(string userId, DateTimeOffset now, IReadOnlyList<string> seen, int count)
    {
        var scores = new float[vectors.Count];
        Score(userId, now, scores);
        return CatalogScores.Top(scores, vectors, seen, count);
    }
}
