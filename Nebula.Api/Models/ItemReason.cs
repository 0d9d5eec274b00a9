namespace Nebula.Api.Models;

/// <summary>
/// Why an item is in a shopper's list: <c>similar</c> (near their taste; <c>because</c> is the item they touched nearest
/// to it), <c>next</c> (shoppers who touched <c>because</c> went on to it), <c>popular</c>, or <c>match</c> (a filtered
/// list with nothing better to offer: it matches the filter). <c>score</c> is what the signal added to the item's score;
/// <c>becauseTitle</c> is the touched item's title, for display.
/// </summary>
public sealed record ItemReason(string Reason, string? Because, string? BecauseTitle, double Score)
{
    /// <summary>A filtered list's item that no signal put there: it matches the filter.</summary>
    public const string Match = "match";
}
