namespace Nebula.Core.Contracts;

/// <summary>
/// Every Redis key and channel Nebula uses, one per concept (docs/architecture.md, "Contracts"), all under <c>nebula:</c>.
/// User ids are restricted to <c>[A-Za-z0-9._:@-]</c>, so they are safe inside keys.
/// </summary>
public static class RedisKeys
{
    /// <summary>String: the user's <see cref="RecommendationList"/> as JSON (items with scores, update time, causing event).</summary>
    public static string Recommendations(string userId) => $"nebula:recs:{userId}";

    /// <summary>Hash: the user's taste profile (<see cref="TasteProfileCodec"/>).</summary>
    public static string Profile(string userId) => $"nebula:profile:{userId}";

    /// <summary>Sorted set: item → forward-decayed interaction weight (<see cref="Recommendations.PopularityScore"/>).</summary>
    public const string Popularity = "nebula:popularity";

    /// <summary>Sorted set: the items users went on to after <paramref name="itemId"/> → link weight (<see cref="Recommendations.ItemTransitions"/>); only the strongest are kept.</summary>
    public static string Transitions(string itemId) => $"nebula:next:{itemId}";

    /// <summary>Hash: item → the total link weight ever added from it (the normaliser of its transitions, trimmed links included).</summary>
    public const string TransitionTotals = "nebula:next-total";

    /// <summary>
    /// String: the offset of the last event of one partition applied to the state. A replayed event is skipped, a gap
    /// above it is read again from the broker, and a write is made only if it still holds what was read (one key per
    /// partition, so that workers on different partitions never conflict).
    /// </summary>
    public static string AppliedOffset(string topic, int partition) => $"nebula:applied:{topic}:{partition}";

    /// <summary>
    /// Sorted set with a time to live: the user's event ids the worker has applied → their <c>occurredAt</c> (Unix
    /// milliseconds), so that an event published twice is applied once. Kept for the Api's idempotency window.
    /// </summary>
    public static string AppliedEvents(string userId) => $"nebula:applied-events:{userId}";

    /// <summary>
    /// String with a time to live: a user's client event id the Api has reserved (<c>pending</c>) or published (its
    /// <c>occurredAt</c>), so that a retry, even one sent while the first is still being published, is published once.
    /// Scoped to the user, so that one user's ids cannot answer for another's.
    /// </summary>
    public static string PublishedEvent(string userId, Guid eventId) => $"nebula:events:{userId}:{eventId:N}";

    /// <summary>
    /// Hash: dead letters of events read from <paramref name="topic"/>, written with the state and not yet published,
    /// <c>topic/partition@offset</c> → the letter (the worker's JSON); emptied as the broker acknowledges them. One per
    /// topic, so that a worker publishes only its own pipeline's letters, to its own dead-letter topic.
    /// </summary>
    public static string DeadLetterOutbox(string topic) => $"nebula:dead-letters:{topic}";

    /// <summary>
    /// String with a time to live: when a user was forgotten (<c>DELETE /users/{id}</c>), Unix milliseconds. The worker
    /// drops the user's events published before that time (they were already in the topic) and applies later ones. Named
    /// by a hash of the id, so that no key of a forgotten user carries the id; kept as long as the topic keeps events.
    /// </summary>
    public static string Forgotten(string userId) =>
        $"nebula:forgotten:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(userId)))[..32]}";

    /// <summary>
    /// String: a counter raised by every forget. A worker's batch reads it with the state and writes only if it has not
    /// moved (WATCH), so that a user forgotten between the read and the write is not written back; one key for all users
    /// keeps that check to one per batch, and forgets are rare enough that the batch they fail is seldom.
    /// </summary>
    public const string ForgetGeneration = "nebula:forget-generation";

    /// <summary>The pattern of every <see cref="PublishedEvent"/> key of a user (user ids hold no pattern characters).</summary>
    public static string PublishedEventPattern(string userId) => $"nebula:events:{userId}:*";

    /// <summary>
    /// Set: the items an admin hid (<c>PUT /items/{id}/hidden</c>). They stay in the catalogue and in profiles' history,
    /// but no route serves them (the Api reads the set with every list, search and similar request) and the worker
    /// ranks none of them. Meant to stay small: every such request reads all of it.
    /// </summary>
    public const string HiddenItems = "nebula:hidden-items";

    /// <summary>
    /// Set: the items an admin deleted (<c>DELETE /items/{id}</c>). Each is in <see cref="HiddenItems"/> too, so that
    /// lists already stored and the links other items still have to it are never served; this set says which hidden
    /// items are gone rather than hidden, so that showing one again is refused and upserting it brings it back.
    /// </summary>
    public const string DeletedItems = "nebula:deleted-items";

    /// <summary>Pub/sub channel: the user id whose list was just rewritten.</summary>
    public const string RecommendationsUpdatedChannel = "nebula:recs-updated";

    /// <summary>Pub/sub channel: the user id just forgotten; every Api instance ends that user's streams.</summary>
    public const string UserForgottenChannel = "nebula:user-forgotten";

    /// <summary>
    /// Pub/sub channel: an item id just hidden, shown again, upserted or deleted. Every Api instance forgets what it
    /// cached about the item and sends its open streams their lists again; the worker forgets the item's vector.
    /// </summary>
    public const string CatalogChangedChannel = "nebula:catalog-changed";
}
