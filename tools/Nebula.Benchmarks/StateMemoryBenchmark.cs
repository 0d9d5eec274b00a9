using System.Diagnostics;
using Nebula.Core.Contracts;
using StackExchange.Redis;

namespace Nebula.Benchmarks;

/// <summary>
/// The memory the worker's state takes in Redis for many shoppers: events for <c>--users</c> users (several each, real
/// catalogue items) go through the real worker into embedded Garnet (durable, with its disk tier, as embedded mode runs
/// it), or into the Redis server given with <c>--redis</c>;
/// then every key's <c>MEMORY USAGE</c> is summed by kind, beside the server's own <c>INFO memory</c> figure.
/// </summary>
internal static class StateMemoryBenchmark
{
    // The worker benchmark's mix without dislikes: every shopper's profile gets a direction, so every shopper has a list.
    private static readonly string[] Types = ["view", "view", "view", "click", "click", "add_to_cart", "purchase"];

    public static async Task<int> RunAsync(string[] args)
    {
        var users = BenchmarkData.Option(args, "--users", 100_000);
        var eventsPerUser = BenchmarkData.Option(args, "--events-per-user", 3);
        var external = BenchmarkData.Option(args, "--redis");

        using var infrastructure = await PipelineInfrastructure.StartAsync(durableRedis: external is null, externalRedis: external);
        Console.WriteLine($"catalogue: {infrastructure.ItemIds.Count} items; {users} users × {eventsPerUser} events; Redis: {external ?? "embedded Garnet"}");
        // SCAN over a store whose older pages are on its disk tier is slow: generous timeouts.
        using var redis = await ConnectionMultiplexer.ConnectAsync($"{infrastructure.RedisEndpoint},allowAdmin=true,syncTimeout=300000,asyncTimeout=300000");
        var before = await UsedMemoryAsync(redis);

        const string Topic = "bench-memory";
        infrastructure.CreateTopic(Topic);
        var total = users * eventsPerUser;
        using var meter = new WorkerMeter();
        var clock = Stopwatch.StartNew();
        using (var worker = await infrastructure.StartWorkerAsync(Topic, 256))
        using (var producer = WorkerBenchmark.Producer(infrastructure))
        {
            // One event per user and round, each round applied before the next is produced (the client's queue holds
            // 100,000 messages).
            var random = new Random(3);
            for (var round = 0; round < eventsPerUser; round++)
            {
                for (var user = 0; user < users; user++)
                {
                    var item = infrastructure.ItemIds[random.Next(infrastructure.ItemIds.Count)];
                    WorkerBenchmark.Produce(producer, Topic, new InteractionEvent(
                        Guid.CreateVersion7(), $"shopper-{user}", item, Types[random.Next(Types.Length)], DateTimeOffset.UtcNow));
                    if (user % 50_000 == 49_999)
                    {
                        producer.Flush();
                    }
                }

                producer.Flush();
                await meter.WaitForAppliedAsync((round + 1L) * users);
                Console.WriteLine($"round {round + 1}: {(round + 1L) * users} events applied after {clock.Elapsed.TotalSeconds:0} s");
            }

            await worker.StopAsync();
        }

        Console.WriteLine($"applied {total} events in {clock.Elapsed.TotalSeconds:0} s");
        var after = await UsedMemoryAsync(redis);
        var kinds = await UsageByKindAsync(redis);
        foreach (var (kind, (keys, bytes)) in kinds.OrderByDescending(k => k.Value.Bytes))
        {
            Console.WriteLine($"{kind,-28} {keys,9} keys {bytes / 1048576.0,9:0.0} MiB  ({bytes / (double)users,7:0} bytes per user)");
        }

        var sum = kinds.Values.Sum(k => k.Bytes);
        Console.WriteLine($"{"all keys (MEMORY USAGE)",-28} {kinds.Values.Sum(k => k.Keys),9} keys {sum / 1048576.0,9:0.0} MiB  ({sum / (double)users,7:0} bytes per user)");
        if (before is { } b && after is { } a)
        {
            Console.WriteLine($"INFO memory used_memory: {b / 1048576.0:0.0} MiB before, {a / 1048576.0:0.0} MiB after ({(a - b) / (double)users:0} bytes per user)");
        }

        return 0;
    }

    /// <summary>Each key kind's count and summed <c>MEMORY USAGE</c> (keys read with SCAN, usages pipelined).</summary>
    private static async Task<Dictionary<string, (long Keys, long Bytes)>> UsageByKindAsync(ConnectionMultiplexer redis)
    {
        var server = redis.GetServers()[0];
        var database = redis.GetDatabase();
        var kinds = new Dictionary<string, (long Keys, long Bytes)>(StringComparer.Ordinal);
        foreach (var chunk in server.Keys(pageSize: 1000).Chunk(1000))
        {
            var usages = chunk.Select(key => database.ExecuteAsync("MEMORY", "USAGE", key)).ToArray();
            await Task.WhenAll(usages);
            for (var i = 0; i < chunk.Length; i++)
            {
                var kind = Kind(chunk[i]);
                var (keys, bytes) = kinds.GetValueOrDefault(kind);
                kinds[kind] = (keys + 1, bytes + (usages[i].Result.IsNull ? 0 : (long)usages[i].Result));
            }
        }

        return kinds;
    }

    // The key's kind: its RedisKeys prefix up to the id ("nebula:profile", "nebula:next", …).
    private static string Kind(RedisKey key)
    {
        var text = key.ToString();
        var second = text.IndexOf(':', text.IndexOf(':', StringComparison.Ordinal) + 1);
        return second < 0 ? text : text[..second];
    }

    /// <summary><c>used_memory</c> from <c>INFO memory</c>, or null when the server does not report it.</summary>
    private static async Task<long?> UsedMemoryAsync(ConnectionMultiplexer redis)
    {
        var info = await redis.GetServers()[0].InfoAsync("memory");
        var used = info.SelectMany(group => group).FirstOrDefault(pair => pair.Key == "used_memory");
        return used.Value is { } value && long.TryParse(value, out var bytes) ? bytes : null;
    }
}
