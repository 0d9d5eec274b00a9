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
/// (a blocked poll would outlive <c>max.poll.interval.ms</c> and have the partitions given away while it still writes).
/// For the same reason an attempt that takes longer than <see cref="StreamWorkerOptions.AttemptTimeout"/> (a Milvus that
/// stops answering) is cut and counts as an outage.</item>
/// <item>Any other failure lies in the events themselves, so it holds only their partitions: each partition's events
/// are held back (the partition paused) and retried on their own with back-off, while the other partitions flow. After
/// <see cref="StreamWorkerOptions.MaxAttempts"/> failures a partition's held events are tried one by one, and the one
/// that fails alone is dead-lettered with its error; the events after it go on.</item>
/// <item>Events of partitions revoked or lost meanwhile are dropped, held or not, never applied or committed: the new
/// owner reads them from what Redis recorded, and a write racing the rebalance is refused by the offsets' condition.</item>
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

    // Partitions held back after a failure of their own events (not an outage), with those events, until their next attempt.
    private readonly Dictionary<TopicPartition, HeldEvents> _held = [];
    private readonly Dictionary<(int Partition, long Offset), string> _poisoned = [];
    private readonly Dictionary<int, long> _logStarts = [];
    private bool _paused;
    private int _recheck;
    private int _heldCount;

    // Consume blocks its thread, so the loop gets a thread of its own rather than a pool thread.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        // Subscribing to a topic that is not there yet could have the broker create it with its own defaults.
        topics.WhenReadyAsync(stoppingToken).GetAwaiter().GetResult();
        ownership.Revoked += Forget;
        consumer.Subscribe(_options.Topic);
        redis.ConnectionRestored += (_, _) => Volatile.Write(ref _recheck, 1);
        telemetry.ObserveLag(Lag);
        telemetry.ObserveHeldPartitions(() => Volatile.Read(ref _heldCount));
        LogStarted(logger, _options.Topic, _options.BatchSize, _options.BatchWait.TotalMilliseconds);

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                RetryHeld(stoppingToken);
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
            ownership.Revoked -= Forget;
            // Leaves the group at once, so that the partitions move to another replica without waiting for a timeout.
            consumer.Close();
        }
    }

    /// <summary>Applies a batch and commits it; an outage is waited out (as the class describes), a fault holds the batch's partitions.</summary>
    private void Process(List<ConsumeResult<string, string>> batch, CancellationToken stoppingToken)
    {
        var attempt = 0;
        while (true)
        {
            batch.RemoveAll(message => !ownership.Owns(message.TopicPartition));
            if (batch.Count == 0)
            {
                Resume();
                return;
            }

            if (TryApply(batch, stoppingToken, out _) is not { } failure)
            {
                return;
            }

            if (!FailureClassifier.IsTransient(failure))
            {
                // Which event is at fault is not known yet: each partition's events go on alone, so that only the
                // partition holding it waits. A batch of one partition is that partition's first failure.
                var partitions = batch.GroupBy(message => message.TopicPartition).ToList();
                var retryAt = partitions.Count > 1 ? Stopwatch.GetTimestamp() : Deadline(Backoff(1));
                foreach (var partition in partitions)
                {
                    Hold(partition.Key, new HeldEvents([.. partition]) { Failures = 1, RetryAt = retryAt });
                }

                LogHeld(logger, partitions.Count, failure);
                Resume();
                return;
            }

            var delay = Backoff(++attempt);
            LogBatchRetry(logger, attempt, delay.TotalMilliseconds, failure);
            WaitPolling(delay, stoppingToken);
        }
    }

    /// <summary>
    /// Tries each held partition whose time has come: on success it flows again; an outage waits with back-off; a fault
    /// counts, and at <see cref="StreamWorkerOptions.MaxAttempts"/> its events are tried one by one.
    /// </summary>
    private void RetryHeld(CancellationToken stoppingToken)
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var (partition, held) in _held.Where(entry => entry.Value.RetryAt <= now).ToList())
        {
            Unhold(partition);
            if (held.Failures >= _options.MaxAttempts && held.Events.Count > 1)
            {
                TryOneByOne(partition, held, stoppingToken);
                continue;
            }

            if (TryApply(held.Events, stoppingToken, out _) is not { } failure)
            {
                Flow(partition);
                continue;
            }

            if (FailureClassifier.IsTransient(failure))
            {
                held.RetryAt = Deadline(Backoff(++held.Outages));
            }
            else if (++held.Failures >= _options.MaxAttempts)
            {
                // One event left: it is the one at fault, and its next attempt dead-letters it. More: one by one, now.
                if (held.Events.Count == 1)
                {
                    var poisoned = held.Events[0];
                    _poisoned[(poisoned.Partition.Value, poisoned.Offset.Value)] = Reason(held.Failures, failure);
                }

                held.RetryAt = Stopwatch.GetTimestamp();
            }
            else
            {
                held.RetryAt = Deadline(Backoff(held.Failures));
            }

            LogHeldRetry(logger, partition.Topic, partition.Partition.Value, held.Failures, failure);
            Hold(partition, held);
        }
    }

    /// <summary>
    /// A held partition's events in offset order, each alone: those that apply are committed; the first that fails for
    /// a reason of its own is marked to be dead-lettered, and it and the events after it are held again for an attempt
    /// at once (a fresh count, so that a second bad event gets its own attempts).
    /// </summary>
    private void TryOneByOne(TopicPartition partition, HeldEvents held, CancellationToken stoppingToken)
    {
        LogSplitting(logger, partition.Topic, partition.Partition.Value, held.Events.Count, held.Failures);
        while (held.Events.Count > 0)
        {
            var first = held.Events[0];
            if (TryApply([first], stoppingToken, out var readAgain) is not { } failure)
            {
                // Read again from an earlier offset (Redis lost writes): the events after it come again from the broker.
                held.Events.RemoveRange(0, readAgain ? held.Events.Count : 1);
                continue;
            }

            if (FailureClassifier.IsTransient(failure))
            {
                held.RetryAt = Deadline(Backoff(++held.Outages));
            }
            else
            {
                _poisoned[(first.Partition.Value, first.Offset.Value)] = Reason(held.Failures, failure);
                held.Failures = 0;
                held.RetryAt = Stopwatch.GetTimestamp();
            }

            Hold(partition, held);
            return;
        }

        Flow(partition);
    }

    private static string Reason(int failures, Exception failure) => $"Failed {failures} attempts: {failure.GetType().FullName}: {failure.Message}";

    /// <summary>One attempt at applying and committing <paramref name="events"/>: null when done, else what failed it.</summary>
    /// <param name="readAgain">Whether a partition was sent back to an earlier offset (Redis lost writes).</param>
    private Exception? TryApply(List<ConsumeResult<string, string>> events, CancellationToken stoppingToken, out bool readAgain)
    {
        readAgain = false;
        try
        {
            var outcome = Attempt(events, stoppingToken);
            Finish(events, outcome);
            readAgain = outcome.Gaps.Count > 0;
            return null;
        }
        catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            telemetry.Retries.Add(1);
            return error;
        }
    }

    /// <summary>Holds a partition back with its events: paused, so that nothing after them is read until they are applied.</summary>
    private void Hold(TopicPartition partition, HeldEvents held)
    {
        _held[partition] = held;
        Volatile.Write(ref _heldCount, _held.Count);
        consumer.Pause([partition]);
    }

    /// <summary>Takes a partition's held events out for an attempt; the partition stays paused until <see cref="Flow"/>.</summary>
    private void Unhold(TopicPartition partition)
    {
        _held.Remove(partition);
        Volatile.Write(ref _heldCount, _held.Count);
    }

    /// <summary>Lets a partition whose held events are all done flow again.</summary>
    private void Flow(TopicPartition partition)
    {
        if (!_paused && ownership.Owns(partition))
        {
            consumer.Resume([partition]);
        }
    }

    /// <summary>Drops the work held for partitions this worker no longer owns (rebalance handler, on the consume thread).</summary>
    private void Forget(IReadOnlyList<TopicPartition> revoked)
    {
        foreach (var partition in revoked)
        {
            if (_held.Remove(partition))
            {
                LogDropped(logger, partition.Topic, partition.Partition.Value);
            }

            _carried.RemoveAll(message => message.TopicPartition == partition);
        }

        Volatile.Write(ref _heldCount, _held.Count);
    }

    /// <summary>Adds a consumed event to its held partition's events, if that partition is held; false otherwise.</summary>
    private bool AddToHeld(ConsumeResult<string, string> message)
    {
        if (!_held.TryGetValue(message.TopicPartition, out var held))
        {
            return false;
        }

        held.Events.Add(message);
        consumer.Pause([message.TopicPartition]);
        return true;
    }

    /// <summary>
    /// One attempt at a batch, inside its events' process spans (each attempt traced on its own), cut after
    /// <see cref="StreamWorkerOptions.AttemptTimeout"/> so that the consumer is polled again in time for the group.
    /// </summary>
    private BatchOutcome Attempt(List<ConsumeResult<string, string>> batch, CancellationToken stoppingToken)
    {
        using var processing = consumer.StartProcessing(batch);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        deadline.CancelAfter(_options.AttemptTimeout);
        try
        {
            return pipeline.ProcessAsync(batch, new BatchContext(_poisoned, _logStarts), processing.Links, deadline.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException error) when (!stoppingToken.IsCancellationRequested)
        {
            // Cut by its deadline, or a call inside it timed out (HttpClient's timeout is a cancellation): an outage either way.
            var timeout = new TimeoutException(
                deadline.IsCancellationRequested ? $"The attempt took longer than {_options.AttemptTimeout.TotalSeconds:0.###} s and was cut." : "A call in the attempt timed out.", error);
            processing.Fail(timeout);
            throw timeout;
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
        LogBatch(logger, batch.Count, outcome.Applied, outcome.Replayed, outcome.Duplicates, outcome.Forgotten, outcome.DeadLettered);
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

        // A held partition's next attempt finds its gap itself, from its held events' offsets.
        foreach (var partition in owned.Where(p => !_held.ContainsKey(p)))
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
            if (message is not null && !AddToHeld(message))
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
            consumer.Resume([.. consumer.Assignment.Where(partition => !_held.ContainsKey(partition))]);
            _paused = false;
        }
    }

    /// <summary>
    /// A batch: the carried events, then a first event (blocking, but no longer than until a held partition's next
    /// attempt; then the batch is empty), then what arrives within the batch wait.
    /// </summary>
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

            var wait = IdlePoll;
            if (_held.Count > 0)
            {
                wait = Remaining(_held.Values.Min(held => held.RetryAt));
                if (wait == TimeSpan.Zero)
                {
                    return batch;
                }

                wait = wait < IdlePoll ? wait : IdlePoll;
            }

            if (ConsumeOrReport(wait) is { } first && !AddToHeld(first))
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

            if (!AddToHeld(next))
            {
                batch.Add(next);
            }
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Batch of {Count}: {Applied} applied, {Replayed} already applied, {Duplicates} duplicate ids, {Forgotten} of forgotten users, {DeadLettered} dead-lettered")]
    private static partial void LogBatch(ILogger logger, int count, int applied, int replayed, int duplicates, int forgotten, int deadLettered);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch failed; attempt {Attempt} in {DelayMs} ms")]
    private static partial void LogBatchRetry(ILogger logger, int attempt, double delayMs, Exception? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch failed for a reason other than an outage; its {Partitions} partitions are held back and tried on their own while the others go on")]
    private static partial void LogHeld(ILogger logger, int partitions, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Topic}/{Partition}: held events failed again ({Failures} failures other than an outage)")]
    private static partial void LogHeldRetry(ILogger logger, string topic, int partition, int failures, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Topic}/{Partition}: {Count} held events failed {Failures} times; trying them one by one")]
    private static partial void LogSplitting(ILogger logger, string topic, int partition, int count, int failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Topic}/{Partition}: revoked while its events were held; the new owner reads them")]
    private static partial void LogDropped(ILogger logger, string topic, int partition);

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

    /// <summary>A held partition's events (offset order) and how its attempts went.</summary>
    private sealed class HeldEvents(List<ConsumeResult<string, string>> events)
    {
        public List<ConsumeResult<string, string>> Events { get; } = events;

        /// <summary>Failures other than an outage, counted towards <see cref="StreamWorkerOptions.MaxAttempts"/>.</summary>
        public int Failures { get; set; }

        /// <summary>Outages met meanwhile, for the back-off (they never count towards dead-lettering).</summary>
        public int Outages { get; set; }

        /// <summary>When the next attempt is due (a <see cref="Stopwatch"/> timestamp).</summary>
        public long RetryAt { get; set; }
    }
}
