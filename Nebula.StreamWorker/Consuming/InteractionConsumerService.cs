using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Nebula.Kafka;
using Nebula.Kafka.Topics;
using Nebula.StreamWorker.Pipeline;
using Nebula.StreamWorker.State;
using StackExchange.Redis;

namespace Nebula.StreamWorker.Consuming;

/// <summary>
/// The consume loop: gathers a micro-batch (up to <see cref="StreamWorkerOptions.BatchSize"/> events or
/// <see cref="StreamWorkerOptions.BatchWait"/> after the first), has the pipeline apply it inside the events' process
/// spans (this service owns the consumer, so it traces what it consumes), and only then commits the offsets.
/// <list type="bullet">
/// <item>A batch that fails because Redis, Milvus or the broker is unavailable is retried with back-off for as long as
/// that lasts; meanwhile its partitions are paused and the consumer is still polled, so the group keeps this member
/// (a blocked poll would outlive <c>max.poll.interval.ms</c> and have the partitions given away while it still writes).</item>
/// <item>Any other failure is retried <see cref="StreamWorkerOptions.MaxAttempts"/> times, then the batch's events are
/// tried one by one, and an event that fails that often alone is dead-lettered with its error; the others go on.</item>
/// <item>Events of partitions revoked meanwhile are dropped, not applied or committed: the new owner reads them.</item>
/// <item>A partition whose events lie beyond what Redis recorded as applied (Redis lost writes) is read again from
/// there; events the broker no longer has are reported as lost (error log, metric, Degraded health). After Redis comes
/// back from a restart, every owned partition is compared with its record at once, so that lost writes are applied
/// again even if no new event arrives.</item>
/// </list>
/// </summary>
public sealed partial class InteractionConsumerService(
    IConsumer<string, string> consumer,
    KafkaTopics topics,
    InteractionBatchPipeline pipeline,
    PartitionOwnership ownership,
    DataLossMonitor dataLoss,
    RecommendationStateStore store,
    IConnectionMultiplexer redis,
    IOptions<StreamWorkerOptions> options,
    StreamWorkerTelemetry telemetry,
    ILogger<InteractionConsumerService> logger) : BackgroundService
{
    // How often the consumer is polled while a batch waits to be retried: serves rebalances and the poll interval.
    private static readonly TimeSpan PollWhileWaiting = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan WatermarkTimeout = TimeSpan.FromSeconds(5);

    // How long an idle loop waits for a first event before it looks at its other duties (a Redis that came back).
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(500);

    private readonly StreamWorkerOptions _options = options.Value;

    // Events consumed while the batch before them waited (from partitions assigned meanwhile): the next batch's first.
    private readonly List<ConsumeResult<string, string>> _carried = [];
    private readonly Dictionary<(int Partition, long Offset), string> _poisoned = [];
    private readonly Dictionary<int, long> _logStarts = [];
    private bool _paused;
    private int _recheck;

    // Consume blocks its thread, so the loop gets a thread of its own rather than a pool thread.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        // Subscribing to a topic that is not there yet could have the broker create it with its own defaults.
        topics.WhenReadyAsync(stoppingToken).GetAwaiter().GetResult();
        consumer.Subscribe(_options.Topic);
        redis.ConnectionRestored += (_, _) => Volatile.Write(ref _recheck, 1);
        telemetry.ObserveLag(Lag);
        LogStarted(logger, _options.Topic, _options.BatchSize, _options.BatchWait.TotalMilliseconds);

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var batch = Gather(stoppingToken);
                if (batch.Count > 0)
                {
                    Process(batch, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The batch in hand is abandoned: whatever of it was written is recorded in Redis, and nothing was committed past it.
        }
        finally
        {
            // Leaves the group at once, so that the partitions move to another replica without waiting for a timeout.
            consumer.Close();
        }
    }

    /// <summary>Applies a batch (retrying as the class describes), then commits it and reads gaps again.</summary>
    private void Process(List<ConsumeResult<string, string>> batch, CancellationToken stoppingToken)
    {
        var attempt = 0;
        var failures = 0;
        while (true)
        {
            batch.RemoveAll(message => !ownership.Owns(message.TopicPartition));
            if (batch.Count == 0)
            {
                Resume();
                return;
            }

            Exception failure;
            try
            {
                var outcome = Attempt(batch, stoppingToken);
                Finish(batch, outcome);
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                failure = error;
            }

            attempt++;
            telemetry.Retries.Add(1);
            if (!FailureClassifier.IsTransient(failure) && ++failures >= _options.MaxAttempts)
            {
                if (batch.Count > 1)
                {
                    LogSplitting(logger, batch.Count, failures, failure);
                    foreach (var single in batch.ToList())
                    {
                        Process([single], stoppingToken);
                    }

                    return;
                }

                var poisoned = batch[0];
                _poisoned[(poisoned.Partition.Value, poisoned.Offset.Value)] = $"Failed {failures} attempts: {failure.GetType().FullName}: {failure.Message}";
                continue;
            }

            var delay = Backoff(attempt);
            LogBatchRetry(logger, attempt, delay.TotalMilliseconds, failure);
            WaitPolling(delay, stoppingToken);
        }
    }

    /// <summary>One attempt at a batch, inside its events' process spans (each attempt traced on its own).</summary>
    private BatchOutcome Attempt(List<ConsumeResult<string, string>> batch, CancellationToken stoppingToken)
    {
        using var processing = consumer.StartProcessing(batch);
        try
        {
            return pipeline.ProcessAsync(batch, new BatchContext(_poisoned, _logStarts), processing.Links, stoppingToken).GetAwaiter().GetResult();
        }
        catch (Exception error)
        {
            processing.Fail(error);
            throw;
        }
    }

    private void Finish(List<ConsumeResult<string, string>> batch, BatchOutcome outcome)
    {
        foreach (var (partition, replayFrom) in outcome.Gaps)
        {
            ReadAgain(new TopicPartition(_options.Topic, partition), replayFrom);
        }

        Commit([.. batch.Where(message => !outcome.Gaps.ContainsKey(message.Partition.Value))]);
        foreach (var message in batch)
        {
            _poisoned.Remove((message.Partition.Value, message.Offset.Value));
        }

        Resume();
        LogBatch(logger, batch.Count, outcome.Applied, outcome.Replayed, outcome.Duplicates, outcome.DeadLettered);
    }

    /// <summary>
    /// Seeks a partition back to what Redis recorded as applied (+1). Where the broker no longer has those events, they
    /// are reported lost and the partition is read from the log's start, which later batches then take as contiguous.
    /// </summary>
    private void ReadAgain(TopicPartition partition, long replayFrom)
    {
        try
        {
            var logStart = consumer.QueryWatermarkOffsets(partition, WatermarkTimeout).Low.Value;
            if (logStart > replayFrom)
            {
                _logStarts[partition.Partition.Value] = logStart;
                ReportLoss($"{partition.Topic}/{partition.Partition.Value}: events {replayFrom} to {logStart - 1} were not applied and the broker no longer has them", logStart - replayFrom);
                replayFrom = logStart;
            }
        }
        catch (KafkaException error)
        {
            // Seeking anyway: if the offset is gone, the reset that follows is reported as a loss.
            LogWatermarkFailed(logger, partition.Topic, partition.Partition.Value, error);
        }

        telemetry.Rewinds.Add(1);
        LogReadAgain(logger, partition.Topic, partition.Partition.Value, replayFrom);
        _carried.RemoveAll(message => message.TopicPartition == partition);
        consumer.Seek(new TopicPartitionOffset(partition, replayFrom));
    }

    /// <summary>Reads every owned partition again from its record where the record is behind what was consumed (Redis restarted and lost writes).</summary>
    private void Recheck()
    {
        var owned = consumer.Assignment.Where(p => p.Topic == _options.Topic).ToList();
        IReadOnlyDictionary<int, long> applied;
        try
        {
            applied = store.ReadAppliedOffsetsAsync(_options.Topic, [.. owned.Select(p => p.Partition.Value)]).GetAwaiter().GetResult();
        }
        catch (RedisException)
        {
            Volatile.Write(ref _recheck, 1);
            return;
        }

        foreach (var partition in owned)
        {
            var position = consumer.Position(partition).Value;
            if (applied.TryGetValue(partition.Partition.Value, out var last) && position >= 0
                && AppliedOffsetRule.ReplayFrom(last, position, _logStarts.TryGetValue(partition.Partition.Value, out var start) ? start : null) is { } replayFrom)
            {
                ReadAgain(partition, replayFrom);
            }
        }
    }

    private void ReportLoss(string description, long events)
    {
        telemetry.LostEvents.Add(events);
        dataLoss.Report(description);
        LogLoss(logger, description);
    }

    /// <summary>
    /// Waits out a retry's back-off with the assigned partitions paused, polling the consumer so that it stays in the
    /// group and sees rebalances; events of partitions assigned meanwhile are kept for the next batch.
    /// </summary>
    private void WaitPolling(TimeSpan delay, CancellationToken stoppingToken)
    {
        consumer.Pause(consumer.Assignment);
        _paused = true;
        var deadline = Deadline(delay);
        while (Remaining(deadline) is var remaining && remaining > TimeSpan.Zero)
        {
            stoppingToken.ThrowIfCancellationRequested();
            var message = ConsumeOrReport(remaining < PollWhileWaiting ? remaining : PollWhileWaiting);
            if (message is not null)
            {
                _carried.Add(message);
                consumer.Pause([message.TopicPartition]);
            }
        }
    }

    private void Resume()
    {
        if (_paused)
        {
            consumer.Resume(consumer.Assignment);
            _paused = false;
        }
    }

    /// <summary>A batch: the carried events, then a first event (blocking), then what arrives within the batch wait.</summary>
    private List<ConsumeResult<string, string>> Gather(CancellationToken stoppingToken)
    {
        var batch = new List<ConsumeResult<string, string>>(_options.BatchSize);
        batch.AddRange(_carried.Where(message => ownership.Owns(message.TopicPartition)));
        _carried.Clear();
        while (batch.Count == 0)
        {
            stoppingToken.ThrowIfCancellationRequested();
            if (Interlocked.Exchange(ref _recheck, 0) == 1)
            {
                Recheck();
            }

            if (ConsumeOrReport(IdlePoll) is { } first)
            {
                batch.Add(first);
            }
        }

        var deadline = Deadline(_options.BatchWait);
        while (batch.Count < _options.BatchSize)
        {
            var next = ConsumeOrReport(Remaining(deadline));
            if (next is null)
            {
                break;
            }

            batch.Add(next);
        }

        // Partitions revoked during these polls belong to another member now.
        batch.RemoveAll(message => !ownership.Owns(message.TopicPartition));
        return batch;
    }

    private static long Deadline(TimeSpan from) => Stopwatch.GetTimestamp() + (long)(from.TotalSeconds * Stopwatch.Frequency);

    /// <summary>What is left until <paramref name="deadline"/> (a <see cref="Stopwatch"/> timestamp), never negative.</summary>
    private static TimeSpan Remaining(long deadline) =>
        TimeSpan.FromSeconds(Math.Max(0, deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);

    /// <summary>The next event within <paramref name="timeout"/>, or null (none in time, end of a partition, or a consume error, logged).</summary>
    private ConsumeResult<string, string>? ConsumeOrReport(TimeSpan timeout)
    {
        try
        {
            var result = consumer.Consume(timeout);
            return result is null || result.IsPartitionEOF ? null : result;
        }
        catch (ConsumeException error) when (error.Error.Code == ErrorCode.Local_AutoOffsetReset)
        {
            // The position was below the log's start (retention, or the embedded broker's size limits, dropped events
            // before they were read): librdkafka moved to the start, and the events in between are gone.
            ReportLoss($"{error.ConsumerRecord?.TopicPartitionOffset}: {error.Error.Reason}", 0);
            return null;
        }
        catch (ConsumeException error) when (!error.Error.IsFatal)
        {
            LogConsumeError(logger, error.Error.Reason, error);
            return null;
        }
    }

    private void Commit(List<ConsumeResult<string, string>> batch)
    {
        var offsets = batch
            .GroupBy(r => r.TopicPartition)
            .Select(g => new TopicPartitionOffset(g.Key, g.Max(r => r.Offset.Value) + 1))
            .ToList();
        if (offsets.Count == 0)
        {
            return;
        }

        try
        {
            consumer.Commit(offsets);
        }
        catch (KafkaException error)
        {
            // The partitions moved to another member (rebalance): it starts after the offsets Redis recorded.
            LogCommitFailed(logger, error.Error.Reason, error);
        }
    }

    /// <summary>Exponential back-off from <see cref="StreamWorkerOptions.RetryBaseDelay"/> to <see cref="StreamWorkerOptions.RetryMaxDelay"/>, ±20 % so that replicas spread out.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var exponential = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        return TimeSpan.FromMilliseconds(Math.Min(exponential, _options.RetryMaxDelay.TotalMilliseconds) * (0.8 + (0.4 * Random.Shared.NextDouble())));
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Batch of {Count}: {Applied} applied, {Replayed} already applied, {Duplicates} duplicate ids, {DeadLettered} dead-lettered")]
    private static partial void LogBatch(ILogger logger, int count, int applied, int replayed, int duplicates, int deadLettered);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch failed; attempt {Attempt} in {DelayMs} ms")]
    private static partial void LogBatchRetry(ILogger logger, int attempt, double delayMs, Exception? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} events failed {Failures} times for a reason other than an outage; trying its events one by one")]
    private static partial void LogSplitting(ILogger logger, int count, int failures, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Topic}/{Partition}: events beyond what Redis recorded as applied; reading again from offset {Offset}")]
    private static partial void LogReadAgain(ILogger logger, string topic, int partition, long offset);

    [LoggerMessage(Level = LogLevel.Error, Message = "Events lost: {Description}")]
    private static partial void LogLoss(ILogger logger, string description);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Topic}/{Partition}: could not read the broker's low watermark")]
    private static partial void LogWatermarkFailed(ILogger logger, string topic, int partition, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consume failed: {Reason}")]
    private static partial void LogConsumeError(ILogger logger, string reason, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offset commit failed: {Reason}")]
    private static partial void LogCommitFailed(ILogger logger, string reason, Exception error);
}
