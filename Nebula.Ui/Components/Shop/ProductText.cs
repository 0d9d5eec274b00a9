using System.Globalization;
using Nebula.Ui.Services;

namespace Nebula.Ui.Components.Shop;

/// <summary>How products are worded on the page.</summary>
public static class ProductText
{
    private const int InitialsLength = 2;

    // The catalogues are Amazon US: prices are dollars, shown the same way whatever the server's culture.
    private static readonly CultureInfo PriceCulture = CultureInfo.GetCultureInfo("en-US");

    public const string NoPrice = "Price not listed";
    public const string NoTitle = "Untitled product";

    public static string Price(double? price) =>
        price is { } value ? value.ToString("C", PriceCulture) : NoPrice;

    public static string Title(string? title) => string.IsNullOrWhiteSpace(title) ? NoTitle : title;

    /// <summary>The first letters of the first words, for a placeholder picture.</summary>
    public static string Initials(string? title) =>
        string.Concat((title ?? "")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(word => char.IsLetterOrDigit(word[0]))
            .Take(InitialsLength)
            .Select(word => char.ToUpperInvariant(word[0])));

    public static string ProductPath(string itemId) => $"items/{Uri.EscapeDataString(itemId)}";

    /// <summary>A time of day in UTC: the server does not know the shopper's time zone.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>
    /// A reason as the shopper reads it; null for none or one the Ui does not know. The verbs stay general ("looked
    /// at", "went on to") because a reason covers every kind of event: a view, a click, a cart, a purchase.
    /// </summary>
    public static string? Reason(ProductReason? reason) => reason switch
    {
        { Reason: ProductReason.Similar, BecauseTitle: { Length: > 0 } title } => $"Because you looked at {title}",
        { Reason: ProductReason.Similar } => "Close to what you like",
        { Reason: ProductReason.Next, BecauseTitle: { Length: > 0 } title } => $"Shoppers who looked at {title} went on to this",
        { Reason: ProductReason.Next } => "Shoppers like you went on to this",
        { Reason: ProductReason.Popular } => "Popular right now",
        { Reason: ProductReason.Match } => "Matches your filters",
        _ => null,
    };
}
