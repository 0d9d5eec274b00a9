using System.ComponentModel.DataAnnotations;

namespace Nebula.Ui;

/// <summary>The shopping page's settings, section <c>Nebula:Ui</c>; validated at start.</summary>
public sealed class UiOptions
{
    public const string SectionName = "Nebula:Ui";

    /// <summary>Searches offered as one-click chips; the first one fills the grid when the page opens.</summary>
    [Required, MinLength(1)]
    public IList<string> SuggestedSearches { get; init; } = [];

    /// <summary>Product cards per search.</summary>
    [Range(1, 100)]
    public int SearchResultCount { get; set; } = 12;

    /// <summary>Items in the "For you" panel.</summary>
    [Range(1, 100)]
    public int RecommendationCount { get; set; } = 10;

    [Range(1, 100)]
    public int SimilarItemCount { get; set; } = 8;

    /// <summary>Recently touched items shown in the shopper bar.</summary>
    [Range(1, 100)]
    public int RecentActivityCount { get; set; } = 5;

    /// <summary>Prefix of the ids that "New shopper" makes.</summary>
    [Required, RegularExpression("^[A-Za-z0-9._:@-]{1,32}$")]
    public string ShopperIdPrefix { get; set; } = "shopper-";

    /// <summary>
    /// The Api key (roles read and ingest) the Ui's server sends with every call. It stays on the server: the page runs
    /// there (interactive server rendering), so the browser never holds it.
    /// </summary>
    [Required, MinLength(32)]
    public string ApiKey { get; set; } = "";

    /// <summary>Longest wait for one Api call before the page calls the Api unreachable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:01:00")]
    public TimeSpan ApiTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First wait before the live list reconnects after losing the Api; it doubles up to <see cref="StreamRetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan StreamRetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan StreamRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long the live list's stream may send nothing, not even the Api's heartbeat (every 15 s), before it is taken
    /// for dead (a half-open connection) and reconnected, instead of showing "Live" over a list that no longer moves.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>How long a sent action's confirmation stays on its card.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:01:00")]
    public TimeSpan ConfirmationDuration { get; set; } = TimeSpan.FromSeconds(4);
}
