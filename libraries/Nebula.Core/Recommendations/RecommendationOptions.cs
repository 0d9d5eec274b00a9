using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Nebula.Core.Recommendations;

/// <summary>
/// How interactions move a taste profile and what is recommended. Section <c>Nebula:Recommendations</c>,
/// read by the Api (which event types exist), the worker and the offline evaluator, so all three agree.
/// </summary>
public sealed partial class RecommendationOptions : IValidatableObject
{
    public const string SectionName = "Nebula:Recommendations";

    /// <summary>
    /// The event types and how strongly each pulls the profile towards the item; negative pushes it away.
    /// Configuration adds types or changes weights.
    /// </summary>
    public Dictionary<string, double> EventWeights { get; set; } = new(StringComparer.Ordinal)
    {
        ["view"] = 1,
        ["click"] = 2,
        ["add_to_cart"] = 4,
        ["purchase"] = 8,
        ["dislike"] = -4,
    };

    /// <summary>
    /// The event types after which an item may be recommended again (e.g. <c>purchase</c> in a shop of consumables);
    /// an item whose latest event is of any other type is never recommended back. None by default: on every data set
    /// measured (docs/evaluation-tuning.md), leaving out everything a shopper touched measures best.
    /// </summary>
    public List<string> RepeatableEventTypes { get; set; } = [];

    /// <summary>After this long without events, the profile's past counts half as much against a new event.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan ProfileHalfLife { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// What a profile keeps of its past at each new event, whatever the time between them (1 keeps everything;
    /// the time half-life applies as well). Recency by count rather than by clock: it works as well for a shopper
    /// who clicks ten products in a minute as for one who comes back after a week.
    /// </summary>
    [Range(0.01, 1.0)]
    public double ProfileEventRetention { get; set; } = 0.6;

    /// <summary>How many of the user's most recent items are remembered (and never recommended back).</summary>
    [Range(0, 1000)]
    public int RecentItemsLimit { get; set; } = 100;

    /// <summary>Items in a recommendation list.</summary>
    [Range(1, 1000)]
    public int RecommendationCount { get; set; } = 10;

    /// <summary>
    /// Items the worker stores per user: the best <see cref="RecommendationCount"/> and the next best of the same
    /// ranking, which request-time filters draw from before they fall back to a filtered search. At least
    /// <see cref="RecommendationCount"/>; the top of the list is the same whatever the depth.
    /// </summary>
    [Range(1, 1000)]
    public int StoredListLength { get; set; } = 50;

    /// <summary>
    /// Half-life of the popularity counts. Scores grow as 2^(t / half-life) from <see cref="PopularityScore.Epoch"/>
    /// (forward decay), so a half-life under a week would overflow a double within the system's lifetime.
    /// </summary>
    [Range(typeof(TimeSpan), "7.00:00:00", "3650.00:00:00")]
    public TimeSpan PopularityHalfLife { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The blended ranking's weights and the transition store's shape.</summary>
    public BlendOptions Blend { get; set; } = new();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex EventTypePattern();

    /// <summary>The weight of <paramref name="eventType"/>; throws for a type that is not configured.</summary>
    public double WeightOf(string eventType) =>
        EventWeights.TryGetValue(eventType, out var weight)
            ? weight
            : throw new ArgumentException(UnknownEventType(eventType), nameof(eventType));

    public bool IsEventType(string? eventType) => eventType is not null && EventWeights.ContainsKey(eventType);

    /// <summary>Whether an item whose latest event is of <paramref name="eventType"/> may be recommended again.</summary>
    public bool IsRepeatable(string eventType) => RepeatableEventTypes.Count > 0 && RepeatableEventTypes.Contains(eventType, StringComparer.Ordinal);

    /// <summary>The configured event types, comma-separated, for messages.</summary>
    public string EventTypeList => string.Join(", ", EventWeights.Keys);

    /// <summary>Why <paramref name="eventType"/> is refused, naming the types that are accepted.</summary>
    public string UnknownEventType(string? eventType) => $"'{eventType}' is not a configured event type ({EventTypeList}).";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var blendErrors = new List<ValidationResult>();
        Validator.TryValidateObject(Blend, new ValidationContext(Blend), blendErrors, validateAllProperties: true);
        foreach (var error in blendErrors)
        {
            yield return new ValidationResult($"{nameof(Blend)}: {error.ErrorMessage}", [.. error.MemberNames.Select(member => $"{nameof(Blend)}.{member}")]);
        }

        foreach (var type in RepeatableEventTypes.Where(type => !EventWeights.ContainsKey(type)))
        {
            yield return new ValidationResult($"{nameof(RepeatableEventTypes)} names '{type}', which is not a configured event type ({EventTypeList}).", [nameof(RepeatableEventTypes)]);
        }

        if (StoredListLength < RecommendationCount)
        {
            yield return new ValidationResult($"{nameof(StoredListLength)} ({StoredListLength}) must be at least {nameof(RecommendationCount)} ({RecommendationCount}).", [nameof(StoredListLength)]);
        }

        if (EventWeights.Count == 0 || !EventWeights.Values.Any(w => w > 0))
        {
            yield return new ValidationResult("At least one event type needs a positive weight.", [nameof(EventWeights)]);
        }

        foreach (var (type, weight) in EventWeights)
        {
            if (!EventTypePattern().IsMatch(type))
            {
                yield return new ValidationResult($"Event type '{type}' must be 1–32 lower-case letters, digits or '_', starting with a letter.", [nameof(EventWeights)]);
            }

            if (!double.IsFinite(weight) || weight == 0)
            {
                yield return new ValidationResult($"Event type '{type}' has weight {weight}; a weight must be finite and not zero.", [nameof(EventWeights)]);
            }
        }
    }
}
