namespace Nebula.Ui.Services;

/// <summary>Why a product is in the shopper's list, as the Api sends it (its <c>ItemReason</c>).</summary>
public sealed record ProductReason(string Reason, string? Because, string? BecauseTitle, double Score)
{
    public const string Similar = "similar";
    public const string Next = "next";
    public const string Popular = "popular";
    public const string Match = "match";
}
