using System.Globalization;
using System.Text;

namespace Nebula.Ui.Services;

/// <summary>An interaction a shopper can send, as the design's event types name it, with how the page words it.</summary>
public sealed class ShopperAction
{
    public const string ViewType = "view";
    public const string DislikeType = "dislike";

    /// <summary>The five event types the Api configures by default (RecommendationOptions.EventWeights), in the order the cards show them.</summary>
    public static readonly IReadOnlyList<ShopperAction> All =
    [
        new(ViewType, "View", "Viewed", "you viewed “{0}”"),
        new("click", "Click", "Clicked", "you clicked “{0}”"),
        new("add_to_cart", "Add to cart", "Added to cart", "you added “{0}” to your cart"),
        new("purchase", "Buy", "Bought", "you bought “{0}”"),
        new(DislikeType, "Not for me", "Marked not for you", "you marked “{0}” not for you"),
    ];

    private readonly CompositeFormat _cause;

    private ShopperAction(string type, string label, string done, string cause)
    {
        Type = type;
        Label = label;
        Done = done;
        _cause = CompositeFormat.Parse(cause);
    }

    /// <summary>The event type the Api takes.</summary>
    public string Type { get; }

    /// <summary>The button's text.</summary>
    public string Label { get; }

    /// <summary>The confirmation once the Api has the event.</summary>
    public string Done { get; }

    public bool IsNegative => Type == DislikeType;

    public static ShopperAction View => All[0];

    /// <summary>The action as the reason a list changed: "you added “…” to your cart".</summary>
    public string DescribeAsCause(string itemTitle) => string.Format(CultureInfo.InvariantCulture, _cause, itemTitle);
}
