namespace Nebula.Evaluator.Methods;

/// <summary>
/// A way to recommend that learns online: it sees every replayed event in order, then gives a user's list.
/// </summary>
public interface IRecommendationMethod
{
    string Name { get; }

    /// <summary>One replayed event; <paramref name="item"/> indexes <see cref="Data.ItemVectors"/>.</summary>
    void Observe(string userId, int item, DateTimeOffset at, string type);

    /// <summary>The user's best <paramref name="count"/> items at <paramref name="now"/>, best first, none of <paramref name="seen"/>.</summary>
    int[] Recommend(string userId, DateTimeOffset now, IReadOnlyList<string> seen, int count);
}

/// <summary>A method that scores the whole catalogue (what an exact vector search computes), ranked by the worker's ranker.</summary>
public abstract class CatalogueScoringMethod(Data.ItemVectors vectors) : IRecommendationMethod
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
        return CatalogueScores.Top(scores, vectors, seen, count);
    }
}
