using System.Diagnostics;
using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Nebula.Core.Contracts;

namespace Nebula.Benchmarks;

/// <summary>
/// The stream worker on 2 cores in embedded mode: throughput micro-batched vs per event (batch size 1, one
/// search and one write per event, like the original) in the same run, then freshness (occurredAt → list
/// written) at a steady event rate. Events are real catalogue items for many users.
/// </summary>
internal static class WorkerBenchmark
{
    private static readonly string[] Types = ["view", "view", "view", "click", "click", "add_to_cart", "purchase", "dislike"];

    // The freshness phase's first seconds are left out of its figures.
    private const int FreshnessWarmupSeconds = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var batchedEvents = BenchmarkData.Option(args, "--events", 30_000);
        var perEventEvents = BenchmarkData.Option(args, "--per-event-events", 3_000);
        var users = BenchmarkData.Option(args, "--users", 2_000);
        var rate = BenchmarkData.Option(args, "--rate", 1_000);
        var seconds = BenchmarkData.Option(args, "--seconds", 30);
        var batchSize = BenchmarkData.Option(args, "--batch-size", 256);
        if (seconds <= FreshnessWarmupSeconds)
        {
            // Said before the minutes of the phases that come first, rather than as an empty percentile after them.
            Console.Error.WriteLine($"--seconds must be more than {FreshnessWarmupSeconds}: the freshness phase leaves out its first {FreshnessWarmupSeconds} s as warm-up.");
            return 2;
        }

        // Tiered compilation goes on for tens of seconds in this process (the worker, the broker, Garnet and the vector
        // service are all in it): without a warm-up the first phase measures the JIT as much as the worker.
        var warmupEvents = BenchmarkData.Option(args, "--warmup-events", 20_000);

        // A scale run's vector data (tools/bench-scale.sh): the worker against the 500,000-item catalogue.
        var vectorData = BenchmarkData.Option(args, "--vector-data");
        // --redis HOST:PORT: the state in a Redis server of its own (a redis-server, or Garnet in its own process as
        // embedded mode runs it) instead of Garnet in this process, whose heap the worker's collections then share. It
        // must be empty: the topics' names are fixed, and offsets an earlier run recorded would have their events skipped.
        using var infrastructure = await PipelineInfrastructure.StartAsync(
            externalRedis: BenchmarkData.Option(args, "--redis"), vectorData: vectorData, generatedItems: BenchmarkData.Option(args, "--items", 500_000));
        // --zipf S: events' items Zipf-distributed, as a shop's traffic is; uniform (the default) is the worst case for
        // the worker's item-vector cache on a large catalogue.
        var picker = ItemPicker.FromArguments(args, infrastructure.ItemIds);
        Console.WriteLine($"catalogue: {infrastructure.ItemIds.Count} items ({picker.Description}); {users} users; {Environment.ProcessorCount} cores");

        if (warmupEvents > 0)
        {
            var (warm, _) = await ThroughputAsync(infrastructure, picker, "bench-warmup", batchSize, warmupEvents, users);
            Console.WriteLine($"warm-up (not a result): {warm:0} events/s over {warmupEvents} events");
        }

        var (batched, batchedCost) = await ThroughputAsync(infrastructure, picker, "bench-batched", batchSize, batchedEvents, users);
        Console.WriteLine($"micro-batched (batch size {batchSize}): {batched:0} events/s over {batchedEvents} events");
        Console.WriteLine($"  {batchedCost}");
        var (perEvent, perEventCost) = await ThroughputAsync(infrastructure, picker, "bench-per-event", 1, perEventEvents, users);
        Console.WriteLine($"per event (batch size 1):          {perEvent:0} events/s over {perEventEvents} events");
        Console.WriteLine($"  {perEventCost}");
        Console.WriteLine($"ratio: {batched / perEvent:0.0}x");

        var (p50, p99, max, count) = await FreshnessAsync(infrastructure, picker, "bench-fresh", batchSize, rate, seconds, users);
        Console.WriteLine($"freshness at {rate} events/s for {seconds} s ({count} events after a {FreshnessWarmupSeconds} s warm-up): p50 {p50:0.0} ms, p99 {p99:0.0} ms, max {max:0.0} ms");
        return 0;
    }

    private static async Task<(double EventsPerSecond, string Cost)> ThroughputAsync(PipelineInfrastructure infrastructure, ItemPicker picker, string topic, int batchSize, int events, int users)
    {
        infrastructure.CreateTopic(topic);
        using (var producer = Producer(infrastructure))
        {
            var random = new Random(1);
            for (var i = 0; i < events; i++)
            {
                Produce(producer, topic, Event(random, topic, picker, users));
            }

            producer.Flush();
        }

        using var meter = new WorkerMeter();
        using var worker = await infrastructure.StartWorkerAsync(topic, batchSize);
        // The clock starts at the first applied event, so that group join and warm-up are not counted.
        var (firstCount, firstAt) = await meter.WaitForAppliedAsync(1);
        var start = ProcessCost.Now();
        var (lastCount, lastAt) = await meter.WaitForAppliedAsync(events);
        var cost = ProcessCost.Now().Since(start, lastCount - firstCount);
        await worker.StopAsync();
        return ((lastCount - firstCount) / (lastAt - firstAt).TotalSeconds, cost);
    }

    private static async Task<(double P50, double P99, double Max, int Count)> FreshnessAsync(
        PipelineInfrastructure infrastructure, ItemPicker picker, string topic, int batchSize, int rate, int seconds, int users)
    {
        infrastructure.CreateTopic(topic);
        using var meter = new WorkerMeter();
        using var worker = await infrastructure.StartWorkerAsync(topic, batchSize);
        using var producer = Producer(infrastructure);
        var random = new Random(2);

        Produce(producer, topic, Event(random, topic, picker, users));
        await meter.WaitForAppliedAsync(1);
        meter.ClearFreshness();

        var total = rate * seconds;
        // Each event is stamped as the Api stamps it: just before it is produced.
        await BenchmarkData.AtFixedRate(Stopwatch.StartNew(), total, rate, (_, _) => Produce(producer, topic, Event(random, topic, picker, users)));

        producer.Flush();
        await meter.WaitForAppliedAsync(total + 1);
        await worker.StopAsync();
        var samples = meter.Freshness().Skip(FreshnessWarmupSeconds * rate).Select(s => s * 1000).Order().ToList();
        return (BenchmarkData.Percentile(samples, 50), BenchmarkData.Percentile(samples, 99), samples[^1], samples.Count);
    }

    internal static IProducer<string, string> Producer(PipelineInfrastructure infrastructure) =>
        new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = infrastructure.BootstrapServers, Acks = Acks.All, EnableIdempotence = true }).Build();

    internal static InteractionEvent Event(Random random, string prefix, ItemPicker items, int users) =>
        new(Guid.CreateVersion7(), $"{prefix}-user-{random.Next(users)}", items.Next(random), Types[random.Next(Types.Length)], DateTimeOffset.UtcNow);

    internal static void Produce(IProducer<string, string> producer, string topic, InteractionEvent interaction) =>
        producer.Produce(topic, new Message<string, string> { Key = interaction.UserId, Value = InteractionEventSerializer.Serialize(interaction) });
}
