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
/// answering once the broker has acknowledged them. A client's own event id is remembered so that its retry is
/// answered without publishing the event twice.
/// </summary>
public sealed partial class InteractionPublisher(
    IProducer<string, string> producer,
    KafkaTopics topics,
    IConnectionMultiplexer redis,
    IOptions<ApiOptions> options,
    TimeProvider time,
    ILogger<InteractionPublisher> logger)
{
    private readonly ApiOptions _options = options.Value;

    /// <summary>
    /// Publishes one or many interactions (already validated), produced in the given order so that one user's events
    /// keep it, and waits for every acknowledgement. One path for one event and for a batch: one idempotency lookup,
    /// then every produce, then one record of the client ids.
    /// </summary>
    public async Task<IReadOnlyList<PublishOutcome>> PublishAsync(IReadOnlyList<InteractionRequest> interactions, CancellationToken cancellationToken)
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
                : ProduceAsync(new InteractionEvent(clientEventId ?? Guid.CreateVersion7(), userId!, itemId!, type!, time.GetUtcNow()), timeout.Token, cancellationToken);
        }

        var outcomes = await Task.WhenAll(pending);
        await RememberAsync([.. outcomes.Where((o, i) => o.Accepted is not null && interactions[i].EventId is not null && earlier[i] is null).Select(o => o.Accepted!)]);
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
            return new PublishOutcome(null, $"The event broker refused the event: {e.Error.Reason}");
        }
    }

    private async Task<InteractionAccepted?[]> AlreadyPublishedAsync(IReadOnlyList<InteractionRequest> interactions)
    {
        var earlier = new InteractionAccepted?[interactions.Count];
        var retried = interactions.Select((x, i) => (x.EventId, Index: i)).Where(x => x.EventId is not null).ToList();
        if (retried.Count == 0)
        {
            return earlier;
        }

        try
        {
            var stored = await redis.GetDatabase().StringGetAsync([.. retried.Select(x => (RedisKey)RedisKeys.PublishedEvent(x.EventId!.Value))]);
            for (var i = 0; i < retried.Count; i++)
            {
                if (stored[i].HasValue)
                {
                    earlier[retried[i].Index] = new InteractionAccepted(
                        retried[i].EventId!.Value, DateTimeOffset.Parse(stored[i].ToString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
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
