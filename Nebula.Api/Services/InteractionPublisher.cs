using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Nebula.Api.Models;
using Nebula.Core.Contracts;
using Nebula.Kafka.Topics;
using StackExchange.Redis;

namespace Nebula.Api.Services;

/// <summary>
/// Stamps validated interactions (event id, server time) and produces them to <c>interactions</c> keyed by user id,
/// answering once the broker has acknowledged them. A client's own event id is reserved in Redis before it is
/// published (<c>SET NX</c>), so that a retry, even one that arrives while the first is still being published, is
/// answered alike and published once.
/// </summary>
public sealed partial class InteractionPublisher(
    IProducer<string, string> producer,
    KafkaTopics topics,
    IConnectionMultiplexer redis,
    IOptions<ApiOptions> options,
    TimeProvider time,
    ILogger<InteractionPublisher> logger)
{
    private const string Pending = "pending";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private readonly ApiOptions _options = options.Value;

    // A reservation outlives its publish (bounded by the publish timeout) but not an Api that died holding it, whose
    // client's retries would otherwise be refused for the whole idempotency window.
    private TimeSpan PendingLifetime => _options.PublishTimeout * 2 + TimeSpan.FromSeconds(1);

    /// <summary>
    /// Publishes one or many interactions (already validated), produced in the given order so that one user's events
    /// keep it, and waits for every acknowledgement. One path for one event and for a batch: one round trip reserves
    /// the client ids, then every produce, then one round trip records what was published and frees what was not.
    /// </summary>
    public async Task<IReadOnlyList<PublishOutcome>> PublishAsync(IReadOnlyList<InteractionRequest> interactions, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PublishTimeout);
        var claims = await ClaimAsync(interactions);

        var pending = new Task<PublishOutcome>[interactions.Count];
        for (var i = 0; i < interactions.Count; i++)
        {
            var (userId, itemId, type, clientEventId) = interactions[i];
            var interaction = new InteractionEvent(clientEventId ?? Guid.CreateVersion7(), userId!, itemId!, type!, time.GetUtcNow());
            pending[i] = claims[i] switch
            {
                { Accepted: { } accepted } => Task.FromResult(new PublishOutcome(accepted, null)),
                { SameAs: { } first } => pending[first],
                { HeldElsewhere: true } => AwaitOtherPublisherAsync(interaction, timeout.Token, cancellationToken),
                _ => ProduceAsync(interaction, timeout.Token, cancellationToken),
            };
        }

        var outcomes = await Task.WhenAll(pending);
        await SettleAsync([.. claims.Select((c, i) => (c, i)).Where(x => x.c.Owned).Select(x => (Key: x.c.Key!, outcomes[x.i]))]);
        return outcomes;
    }

    private async Task<PublishOutcome> ProduceAsync(InteractionEvent interaction, CancellationToken timeout, CancellationToken cancellationToken)
    {
        try
        {
            await topics.WhenReadyAsync(timeout);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new PublishOutcome(null, "The event broker has not answered since the Api started, so its topics are not ready.");
        }

        try
        {
            await producer.ProduceAsync(
                _options.Topic,
                new Message<string, string> { Key = interaction.UserId, Value = InteractionEventSerializer.Serialize(interaction) },
                timeout);
            return new PublishOutcome(new InteractionAccepted(interaction.EventId, interaction.OccurredAt), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new PublishOutcome(null, $"The event broker did not acknowledge the event within {_options.PublishTimeout.TotalSeconds:0.#} s.");
        }
        catch (KafkaException e)
        {
            // The reason can name the broker's address; the client gets the code, the log the rest.
            return new PublishOutcome(null, $"The event broker refused the event ({e.Error.Code}).");
        }
    }

    /// <summary>
    /// Reserves each client event id (<c>SET NX</c> with the pending marker) and reads what holds the ids already taken.
    /// A repeat within the request shares its first occurrence's outcome. Without Redis nothing is reserved and every
    /// event is published: a retry may then be published twice, which is better than losing the event.
    /// </summary>
    private async Task<Claim[]> ClaimAsync(IReadOnlyList<InteractionRequest> interactions)
    {
        var claims = new Claim[interactions.Count];
        var firstByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var reserving = new List<int>();
        for (var i = 0; i < interactions.Count; i++)
        {
            if (interactions[i] is not { EventId: { } eventId, UserId: { } userId })
            {
                claims[i] = new Claim(null);
                continue;
            }

            var key = RedisKeys.PublishedEvent(userId, eventId);
            if (firstByKey.TryGetValue(key, out var first))
            {
                claims[i] = new Claim(key) { SameAs = first };
                continue;
            }

            firstByKey[key] = i;
            claims[i] = new Claim(key);
            reserving.Add(i);
        }

        if (reserving.Count == 0)
        {
            return claims;
        }

        try
        {
            var database = redis.GetDatabase();
            var reserved = await Task.WhenAll(reserving.Select(i =>
                database.StringSetAsync(claims[i].Key, Pending, PendingLifetime, When.NotExists)));
            var taken = reserving.Where((_, n) => !reserved[n]).ToList();
            var holders = taken.Count == 0 ? [] : await database.StringGetAsync([.. taken.Select(i => (RedisKey)claims[i].Key)]);
            for (var n = 0; n < reserving.Count; n++)
            {
                claims[reserving[n]] = claims[reserving[n]] with { Owned = reserved[n] };
            }

            for (var n = 0; n < taken.Count; n++)
            {
                var i = taken[n];
                claims[i] = Published(holders[n], interactions[i].EventId!.Value) is { } accepted
                    ? claims[i] with { Accepted = accepted }
                    : claims[i] with { HeldElsewhere = true };
            }
        }
        catch (RedisException e)
        {
            LogIdempotencyUnavailable(logger, e);
            foreach (var i in reserving)
            {
                claims[i] = new Claim(null);
            }
        }

        return claims;
    }

    /// <summary>
    /// Another request holds this id: wait until it records the event (then answer alike), or gives the id up (then
    /// take it and publish), within the publish timeout.
    /// </summary>
    private async Task<PublishOutcome> AwaitOtherPublisherAsync(InteractionEvent interaction, CancellationToken timeout, CancellationToken cancellationToken)
    {
        var key = RedisKeys.PublishedEvent(interaction.UserId, interaction.EventId);
        var database = redis.GetDatabase();
        try
        {
            while (true)
            {
                var holder = await database.StringGetAsync(key);
                if (Published(holder, interaction.EventId) is { } accepted)
                {
                    return new PublishOutcome(accepted, null);
                }

                if (holder.IsNull && await database.StringSetAsync(key, Pending, PendingLifetime, When.NotExists))
                {
                    var outcome = await ProduceAsync(interaction, timeout, cancellationToken);
                    await SettleAsync([(key, outcome)]);
                    return outcome;
                }

                await Task.Delay(PollInterval, timeout);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new PublishOutcome(null, $"The same event id is still being published by another request after {_options.PublishTimeout.TotalSeconds:0.#} s.");
        }
        catch (RedisException e)
        {
            LogIdempotencyUnavailable(logger, e);
            return await ProduceAsync(interaction, timeout, cancellationToken);
        }
    }

    /// <summary>Records each reserved id's outcome: the event's time once published; a failure frees the id for a retry.</summary>
    private async Task SettleAsync(IReadOnlyList<(string Key, PublishOutcome Outcome)> owned)
    {
        if (owned.Count == 0)
        {
            return;
        }

        try
        {
            var batch = redis.GetDatabase().CreateBatch();
            var writes = owned.Select(o => o.Outcome.Accepted is { } accepted
                ? batch.StringSetAsync(o.Key, accepted.OccurredAt.ToString("O", CultureInfo.InvariantCulture), _options.IdempotencyWindow)
                : batch.KeyDeleteAsync(o.Key)).ToArray();
            batch.Execute();
            await Task.WhenAll(writes);
        }
        catch (RedisException e)
        {
            LogIdempotencyUnavailable(logger, e);
        }
    }

    private static InteractionAccepted? Published(RedisValue holder, Guid eventId) =>
        holder.HasValue && holder != Pending
            ? new InteractionAccepted(eventId, DateTimeOffset.Parse(holder.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind))
            : null;

    /// <summary>What one event's client id stands at: unreserved (no id, or no Redis), reserved here, published, held by another request, or a repeat.</summary>
    private sealed record Claim(string? Key)
    {
        public bool Owned { get; init; }

        public InteractionAccepted? Accepted { get; init; }

        public bool HeldElsewhere { get; init; }

        public int? SameAs { get; init; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check or record client event ids for idempotent retries")]
    private static partial void LogIdempotencyUnavailable(ILogger logger, Exception error);
}
