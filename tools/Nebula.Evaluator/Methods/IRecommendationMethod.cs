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
