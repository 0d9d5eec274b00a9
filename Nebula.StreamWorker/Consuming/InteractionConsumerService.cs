using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Nebula.Kafka;
using Nebula.Kafka.Topics;
using Nebula.StreamWorker.Pipeline;
using Polly;
using Polly.Retry;

namespace Nebula.StreamWorker.Consuming;

/// <summary>
/// The consume loop: gathers a micro-batch (up to <see cref="StreamWorkerOptions.BatchSize"/> events or
/// <see cref="StreamWorkerOptions.BatchWait"/> after the first), has the pipeline apply it inside the events'
/// process spans (this service owns the consumer, so it traces what it consumes), and only then commits the
/// offsets. A failed batch is retried with back-off, never skipped or committed past.
/// </summary>
public sealed partial class InteractionConsumerService(
    IConsumer<string, string> consumer,
    KafkaTopics topics,
    InteractionBatchPipeline pipeline,
    IOptions<StreamWorkerOptions> options,
    StreamWorkerTelemetry telemetry,
    ILogger<InteractionConsumerService> logger) : BackgroundService
{
    private readonly StreamWorkerOptions _options = options.Value;

    // Consume blocks its thread, so the loop gets a thread of its own rather than a pool thread.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        var retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = _options.RetryBaseDelay,
            MaxDelay = _options.RetryMaxDelay,
            OnRetry = arguments =>
            {
                telemetry.Retries.Add(1);
                LogBatchRetry(logger, arguments.AttemptNumber + 1, arguments.RetryDelay.TotalMilliseconds, arguments.Outcome.Exception);
                return default;
            },
        }).Build();

        // Subscribing to a topic that is not there yet could have the broker create it with its own defaults.
        topics.WhenReadyAsync(stoppingToken).GetAwaiter().GetResult();
        consumer.Subscribe(_options.Topic);
        telemetry.ObserveLag(Lag);
        LogStarted(logger, _options.Topic, _options.BatchSize, _options.BatchWait.TotalMilliseconds);

        var batch = new List<ConsumeResult<string, string>>(_options.BatchSize);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (!Gather(batch, stoppingToken))
                {
                    continue;
                }

                var outcome = retry.ExecuteAsync(token => ProcessAsync(batch, token), stoppingToken).AsTask().GetAwaiter().GetResult();
                Commit(batch);
                LogBatch(logger, batch.Count, outcome.Applied, outcome.Replayed, outcome.DeadLettered);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Leaves the group at once, so that the partitions move to another replica without waiting for a timeout.
            consumer.Close();
        }
    }

    /// <summary>One attempt at a batch, inside its events' process spans (each attempt traced on its own).</summary>
    private async ValueTask<BatchOutcome> ProcessAsync(List<ConsumeResult<string, string>> batch, CancellationToken cancellationToken)
    {
        using var processing = consumer.StartProcessing(batch);
        try
        {
            return await pipeline.ProcessAsync(batch, processing.Links, cancellationToken);
        }
        catch (Exception error)
        {
            processing.Fail(error);
            throw;
        }
    }

    /// <summary>Fills <paramref name="batch"/>: blocks for a first event, then takes what arrives within the batch wait.</summary>
    private bool Gather(List<ConsumeResult<string, string>> batch, CancellationToken stoppingToken)
    {
        try
        {
            var first = consumer.Consume(stoppingToken);
            if (first is null || first.IsPartitionEOF)
            {
                return false;
            }

            batch.Add(first);
            var deadline = Stopwatch.GetTimestamp() + (long)(_options.BatchWait.TotalSeconds * Stopwatch.Frequency);
            while (batch.Count < _options.BatchSize)
            {
                var remaining = TimeSpan.FromSeconds(Math.Max(0, deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
                var next = consumer.Consume(remaining);
                if (next is null)
                {
                    break;
                }

                if (!next.IsPartitionEOF)
                {
                    batch.Add(next);
                }
            }

            return true;
        }
        catch (ConsumeException error) when (!error.Error.IsFatal)
        {
            LogConsumeError(logger, error.Error.Reason, error);
            return batch.Count > 0;
        }
    }

    private void Commit(List<ConsumeResult<string, string>> batch)
    {
        var offsets = batch
            .GroupBy(r => r.TopicPartition)
            .Select(g => new TopicPartitionOffset(g.Key, g.Max(r => r.Offset.Value) + 1))
            .ToList();
        try
        {
            consumer.Commit(offsets);
        }
        catch (KafkaException error)
        {
            // The partitions moved to another member (rebalance): it reads the applied offsets from Redis and skips these events.
            LogCommitFailed(logger, error.Error.Reason, error);
        }
    }

    private long Lag()
    {
        long lag = 0;
        foreach (var partition in consumer.Assignment)
        {
            var watermarks = consumer.GetWatermarkOffsets(partition);
            var position = consumer.Position(partition);
            if (watermarks.High.Value >= 0 && position.Value >= 0)
            {
                lag += Math.Max(0, watermarks.High.Value - position.Value);
            }
        }

        return lag;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Topic} in batches of up to {BatchSize} events within {BatchWaitMs} ms")]
    private static partial void LogStarted(ILogger logger, string topic, int batchSize, double batchWaitMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Batch of {Count}: {Applied} applied, {Replayed} already applied, {DeadLettered} dead-lettered")]
    private static partial void LogBatch(ILogger logger, int count, int applied, int replayed, int deadLettered);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch failed; attempt {Attempt} in {DelayMs} ms")]
    private static partial void LogBatchRetry(ILogger logger, int attempt, double delayMs, Exception? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consume failed: {Reason}")]
    private static partial void LogConsumeError(ILogger logger, string reason, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offset commit failed: {Reason}")]
    private static partial void LogCommitFailed(ILogger logger, string reason, Exception error);
}
