using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nebula.Core.Contracts;
using Nebula.StreamWorker.Consuming;

namespace Nebula.Benchmarks;

/// <summary>
/// Events/s with 1, 2, 4… stream worker replicas in one consumer group on this machine (the topic's 8 partitions spread
/// over them), each replica a host wired as the service wires it, beside the embedded broker, Garnet and vector service
/// in the same process: where the machine's cores saturate, not how a cluster scales.
/// </summary>
internal static class WorkerScalingBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var events = BenchmarkData.Option(args, "--events", 20_000);
        var users = BenchmarkData.Option(args, "--users", 2_000);
        var batchSize = BenchmarkData.Option(args, "--batch-size", 256);
        var warmupEvents = BenchmarkData.Option(args, "--warmup-events", 20_000);
        var counts = (BenchmarkData.Option(args, "--replicas") ?? "1,2,4").Split(',').Select(int.Parse).ToList();
        var runs = BenchmarkData.Option(args, "--runs", 1);

        using var infrastructure = await PipelineInfrastructure.StartAsync();
        Console.WriteLine($"catalogue: {infrastructure.ItemIds.Count} items; {users} users; {Environment.ProcessorCount} cores; {Topics.InteractionsPartitions} partitions");
        if (warmupEvents > 0)
        {
            var (warm, _) = await MeasureAsync(infrastructure, "scale-warmup", 1, batchSize, warmupEvents, users);
            Console.WriteLine($"warm-up (not a result): {warm:0} events/s over {warmupEvents} events");
        }

        for (var run = 1; run <= runs; run++)
        {
            foreach (var replicas in counts)
            {
                var (rate, cores) = await MeasureAsync(infrastructure, $"scale-{replicas}-{run}", replicas, batchSize, events, users);
                Console.WriteLine($"run {run}, {replicas} replica(s): {rate:0} events/s over {events} events; the process used {cores:0.00} of {Environment.ProcessorCount} cores");
            }
        }

        return 0;
    }

    private static async Task<(double EventsPerSecond, double Cores)> MeasureAsync(
        PipelineInfrastructure infrastructure, string topic, int replicas, int batchSize, int events, int users)
    {
        infrastructure.CreateTopic(topic);
        using var meter = new WorkerMeter();
        var workers = new List<IHost>();
        try
        {
            for (var i = 0; i < replicas; i++)
            {
                workers.Add(await infrastructure.StartWorkerAsync(topic, batchSize));
            }

            // Events are produced once every partition has its owner, so that no rebalance falls inside the measurement.
            await WaitForAssignmentAsync(workers, topic);
            using (var producer = WorkerBenchmark.Producer(infrastructure))
            {
                var random = new Random(1);
                var picker = ItemPicker.Uniform(infrastructure.ItemIds);
                for (var i = 0; i < events; i++)
                {
                    WorkerBenchmark.Produce(producer, topic, WorkerBenchmark.Event(random, topic, picker, users));
                }

                producer.Flush();
            }

            var (firstCount, firstAt) = await meter.WaitForAppliedAsync(1);
            var cpuAtFirst = Process.GetCurrentProcess().TotalProcessorTime;
            var (lastCount, lastAt) = await meter.WaitForAppliedAsync(events);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtFirst;
            var wall = lastAt - firstAt;
            return ((lastCount - firstCount) / wall.TotalSeconds, cpu / wall);
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.StopAsync();
                worker.Dispose();
            }
        }
    }

    private static async Task WaitForAssignmentAsync(List<IHost> workers, string topic)
    {
        var partitions = Enumerable.Range(0, Topics.InteractionsPartitions).Select(p => new TopicPartition(topic, p)).ToList();
        var owners = workers.Select(w => w.Services.GetRequiredService<PartitionOwnership>()).ToList();
        var clock = Stopwatch.StartNew();
        while (!(partitions.All(p => owners.Count(o => o.Owns(p)) == 1) && owners.All(o => partitions.Any(o.Owns))))
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"The {workers.Count} replicas did not share the {partitions.Count} partitions within 2 minutes.");
            }

            await Task.Delay(100);
        }
    }
}
