namespace Nebula.Api.Models;

/// <summary>Where a user's list came from (<see cref="RecommendationsResponse.Source"/>).</summary>
public static class RecommendationSources
{
    public const string Personalized = "personalized";
    public const string Popular = "popular";
}
