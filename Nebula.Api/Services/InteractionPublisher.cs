using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Nebula.Api.Models;
using Nebula.Core.Contracts;
using StackExchange.Redis;

namespace Nebula.Api.Services;

/// <summary>The broker did not acknowledge an event in time, or refused it: the client should retry later.</summary>
public sealed class BrokerUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>
/// Stamps an interaction (event id, server time) and produces it to <c>interactions</c> keyed by user id,
/// returning once the broker has acknowledged it. A client's own event id is remembered so that its retry
/// is answered without publishing the event twice.
/// </summary>
public sealed partial class InteractionPublisher(
    IProducer<string, string> producer,
    IConnectionMultiplexer redis,
    IOptions<ApiOptions> options,
    TimeProvider time,
    ILogger<InteractionPublisher> logger)
{
    private readonly ApiOptions _options = options.Value;

    public async Task<InteractionAccepted> PublishAsync(string userId, string itemId, string type, Guid? clientEventId, CancellationToken cancellationToken)
    {
        var outcome = (await PublishManyAsync([new InteractionToPublish(userId, itemId, type, clientEventId)], cancellationToken))[0];
        return outcome.Accepted ?? throw outcome.Failure!;
    }

    /// <summary>
    /// Publishes several interactions, produced in the given order (so one user's events keep it), and
    /// waits for every acknowledgement; each outcome is the accepted event or why the broker did not take it.
    /// </summary>
    public async Task<IReadOnlyList<PublishOutcome>> PublishManyAsync(IReadOnlyList<InteractionToPublish> interactions, CancellationToken cancellationToken)
    {
        var earlier = await AlreadyPublishedAsync(interactions);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PublishTimeout);

        var pending = new Task<PublishOutcome>[interactions.Count];
        for (var i = 0; i < interactions.Count; i++)
        {
            var (userId, itemId, type, clientEventId) = interactions[i];
            pending[i] = earlier[i] is { } accepted
                ? Task.FromResult(new PublishOutcome(accepted, null))
                : ProduceAsync(new InteractionEvent(clientEventId ?? Guid.CreateVersion7(), userId, itemId, type, time.GetUtcNow()), timeout.Token, cancellationToken);
        }

        var outcomes = await Task.WhenAll(pending);
        await RememberAsync([.. outcomes.Where((o, i) => o.Accepted is not null && interactions[i].ClientEventId is not null && earlier[i] is null).Select(o => o.Accepted!)]);
        return outcomes;
    }

    private async Task<PublishOutcome> ProduceAsync(InteractionEvent interaction, CancellationToken timeout, CancellationToken cancellationToken)
    {
        try
        {
            await producer.ProduceAsync(
                _options.Topic,
                new Message<string, string> { Key = interaction.UserId, Value = InteractionEventSerializer.Serialize(interaction) },
                timeout);
            return new PublishOutcome(new InteractionAccepted(interaction.EventId, interaction.OccurredAt), null);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new PublishOutcome(null, new BrokerUnavailableException($"The event broker did not acknowledge the event within {_options.PublishTimeout.TotalSeconds:0.#} s.", e));
        }
        catch (KafkaException e)
        {
            return new PublishOutcome(null, new BrokerUnavailableException($"The event broker refused the event: {e.Error.Reason}", e));
        }
    }

    private async Task<InteractionAccepted?[]> AlreadyPublishedAsync(IReadOnlyList<InteractionToPublish> interactions)
    {
        var earlier = new InteractionAccepted?[interactions.Count];
        var retried = interactions.Select((x, i) => (x.ClientEventId, Index: i)).Where(x => x.ClientEventId is not null).ToList();
        if (retried.Count == 0)
        {
            return earlier;
        }

        try
        {
            var stored = await redis.GetDatabase().StringGetAsync([.. retried.Select(x => (RedisKey)RedisKeys.PublishedEvent(x.ClientEventId!.Value))]);
            for (var i = 0; i < retried.Count; i++)
            {
                if (stored[i].HasValue)
                {
                    earlier[retried[i].Index] = new InteractionAccepted(
                        retried[i].ClientEventId!.Value, DateTimeOffset.Parse(stored[i].ToString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
                }
            }
        }
        catch (RedisException e)
        {
            // Without the record a retry may be published twice; losing the event would be worse.
            LogIdempotencyUnavailable(logger, e);
        }

        return earlier;
    }

    private async Task RememberAsync(IReadOnlyList<InteractionAccepted> accepted)
    {
        if (accepted.Count == 0)
        {
            return;
        }

        try
        {
            var batch = redis.GetDatabase().CreateBatch();
            var writes = accepted.Select(a => batch.StringSetAsync(
                RedisKeys.PublishedEvent(a.EventId), a.OccurredAt.ToString("O", CultureInfo.InvariantCulture), _options.IdempotencyWindow)).ToArray();
            batch.Execute();
            await Task.WhenAll(writes);
        }
        catch (RedisException e)
        {
            LogIdempotencyUnavailable(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check or record client event ids for idempotent retries")]
    private static partial void LogIdempotencyUnavailable(ILogger logger, Exception error);
}

/// <summary>An interaction the Api has validated.</summary>
public sealed record InteractionToPublish(string UserId, string ItemId, string Type, Guid? ClientEventId);

/// <summary>The accepted event, or why it was not accepted.</summary>
public sealed record PublishOutcome(InteractionAccepted? Accepted, BrokerUnavailableException? Failure);
