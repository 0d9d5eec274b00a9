using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using Nebula.Core.Contracts;
using Nebula.Hosting.Embedded;
using StackExchange.Redis;

namespace Nebula.Benchmarks;

/// <summary>
/// Faults under a steady load: events at a fixed rate for several minutes into embedded mode's servers, consumed by
/// stream workers running as processes of their own, while on a schedule a worker is killed (SIGKILL) and replaced,
/// Garnet is stopped and started again from its files, and the broker is taken down for a few seconds. Afterwards
/// every user's profile must count exactly the events sent for them: it prints events sent, applied once, lost and
/// applied twice, the longest time an event waited, and freshness p50/p99 outside the fault windows.
/// </summary>
internal static class FaultBenchmark
{
    private const string Topic = "interactions-faults";
    private static readonly string[] Types = ["view", "click", "add_to_cart", "purchase"];

    public static async Task<int> RunAsync(string[] args)
    {
        var rate = BenchmarkData.Option(args, "--rate", 1_000);
        var seconds = BenchmarkData.Option(args, "--seconds", 180);
        var users = BenchmarkData.Option(args, "--users", 500);
        var faultEvery = BenchmarkData.Option(args, "--fault-every", 15);
        var workerCount = BenchmarkData.Option(args, "--workers", 2);

        using var infrastructure = await PipelineInfrastructure.StartAsync(durableRedis: true);
        infrastructure.CreateTopic(Topic);
        var workers = Enumerable.Range(0, workerCount).Select(_ => StartWorker(infrastructure)).ToList();
        try
        {
            return await RunUnderFaultsAsync(infrastructure, workers, rate, seconds, users, faultEvery);
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.KillAsync();
            }
        }
    }

    private static async Task<int> RunUnderFaultsAsync(PipelineInfrastructure infrastructure, List<WorkerProcess> workers, int rate, int seconds, int users, int faultEvery)
    {
        Console.WriteLine($"{rate} events/s for {seconds} s, {users} users, {workers.Count} worker processes, a fault every {faultEvery} s; {Environment.ProcessorCount} cores");
        await Task.Delay(TimeSpan.FromSeconds(8));

        var sentAt = new ConcurrentDictionary<Guid, DateTimeOffset>();
        var perUser = new ConcurrentDictionary<string, int>();
        var faults = new List<(string Name, DateTimeOffset From, DateTimeOffset To)>();
        var waits = new ConcurrentBag<(DateTimeOffset SentAt, double Milliseconds)>();
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"{infrastructure.RedisEndpoint},abortConnect=false");
        // The list names the event that caused it: its wait is from when it was sent to when the list was written.
        var updated = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(RedisKeys.RecommendationsUpdatedChannel));
        updated.OnMessage(async message =>
        {
            try
            {
                var json = await redis.GetDatabase().StringGetAsync(RedisKeys.Recommendations(message.Message!));
                if (json.HasValue)
                {
                    using var list = JsonDocument.Parse((string)json!);
                    if (list.RootElement.TryGetProperty("eventId", out var id) && sentAt.TryGetValue(id.GetGuid(), out var sent))
                    {
                        waits.Add((sent, (list.RootElement.GetProperty("updatedAt").GetDateTimeOffset() - sent).TotalMilliseconds));
                    }
                }
            }
            catch (RedisException)
            {
                // Garnet is restarting: this sample is skipped.
            }
        });

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var producing = BenchmarkData.OnOwnThread(() => Produce(infrastructure, rate, users, sentAt, perUser, stop.Token));
        var schedule = new Func<Task<string>>[]
        {
            async () => { await workers[0].KillAsync(); workers[0] = StartWorker(infrastructure); return "worker killed and replaced"; },
            async () => { await Task.Run(infrastructure.RestartRedis); return "Garnet restarted"; },
            async () => { infrastructure.BrokerDown(); await Task.Delay(TimeSpan.FromSeconds(5)); infrastructure.BrokerUp(); return "broker down 5 s"; },
        };
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(faultEvery), stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var from = DateTimeOffset.UtcNow;
            var name = await schedule[i % schedule.Length]();
            faults.Add((name, from, DateTimeOffset.UtcNow));
            Console.WriteLine($"{(from - faults[0].From).TotalSeconds,6:0.0} s  {name}");
        }

        await producing;
        var (applied, settledAfter) = await SettleAsync(redis, perUser);
        await updated.UnsubscribeAsync();

        var sent = perUser.Values.Sum();
        var lost = perUser.Sum(u => Math.Max(0, u.Value - applied.GetValueOrDefault(u.Key)));
        var twice = perUser.Sum(u => Math.Max(0, applied.GetValueOrDefault(u.Key) - u.Value));
        var calm = waits.Where(w => !faults.Any(f => w.SentAt >= f.From - TimeSpan.FromSeconds(1) && w.SentAt <= f.To + TimeSpan.FromSeconds(10)))
            .Select(w => w.Milliseconds).Order().ToList();
        var all = waits.Select(w => w.Milliseconds).Order().ToList();
        Console.WriteLine($"faults injected: {faults.Count}");
        Console.WriteLine($"events sent: {sent}; applied once: {sent - lost - twice}; lost: {lost}; applied twice: {twice} (settled {settledAfter.TotalSeconds:0.0} s after the last send)");
        Console.WriteLine($"longest wait seen: {(all.Count > 0 ? all[^1] : double.NaN):0} ms over {all.Count} sampled lists");
        if (calm.Count > 0)
        {
            Console.WriteLine($"freshness outside the fault windows ({calm.Count} samples): p50 {BenchmarkData.Percentile(calm, 50):0.0} ms, p99 {BenchmarkData.Percentile(calm, 99):0.0} ms");
        }

        return lost == 0 && twice == 0 ? 0 : 1;
    }

    private static void Produce(
        PipelineInfrastructure infrastructure, int rate, int users, ConcurrentDictionary<Guid, DateTimeOffset> sentAt, ConcurrentDictionary<string, int> perUser, CancellationToken stop)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = infrastructure.BootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 1,
            // Rides out the broker's outage rather than dropping events.
            MessageTimeoutMs = 120_000,
        }).Build();
        var random = new Random(20261201);
        var clock = Stopwatch.StartNew();
        long produced = 0;
        while (!stop.IsCancellationRequested)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * rate);
            for (; produced < due; produced++)
            {
                var user = $"fault-user-{random.Next(users)}";
                var interaction = new InteractionEvent(Guid.CreateVersion7(), user, infrastructure.ItemIds[random.Next(infrastructure.ItemIds.Count)], Types[random.Next(Types.Length)], DateTimeOffset.UtcNow);
                sentAt[interaction.EventId] = interaction.OccurredAt;
                // Counted once the broker has it: an event it refused was never sent.
                producer.Produce(Topic, new Message<string, string> { Key = user, Value = InteractionEventSerializer.Serialize(interaction) }, report =>
                {
                    if (report.Error.IsError)
                    {
                        Console.Error.WriteLine($"not delivered: {report.Error.Reason}");
                    }
                    else
                    {
                        perUser.AddOrUpdate(user, 1, (_, count) => count + 1);
                    }
                });
            }

            Thread.Sleep(1);
        }

        producer.Flush(TimeSpan.FromMinutes(2));
    }

    /// <summary>Waits until every user's profile counts at least its events, or nothing has moved for 60 s; then each user's count.</summary>
    private static async Task<(Dictionary<string, long> Applied, TimeSpan After)> SettleAsync(ConnectionMultiplexer redis, ConcurrentDictionary<string, int> perUser)
    {
        var clock = Stopwatch.StartNew();
        var lastChange = TimeSpan.Zero;
        long lastTotal = -1;
        while (true)
        {
            var applied = new Dictionary<string, long>();
            foreach (var user in perUser.Keys)
            {
                var events = await redis.GetDatabase().HashGetAsync(RedisKeys.Profile(user), TasteProfileCodec.EventCountField);
                applied[user] = events.HasValue ? long.Parse((string)events!, CultureInfo.InvariantCulture) : 0;
            }

            var total = applied.Values.Sum();
            if (perUser.All(u => applied[u.Key] >= u.Value) || clock.Elapsed - lastChange > TimeSpan.FromSeconds(60))
            {
                return (applied, clock.Elapsed);
            }

            if (total != lastTotal)
            {
                (lastTotal, lastChange) = (total, clock.Elapsed);
            }

            await Task.Delay(500);
        }
    }

    private static WorkerProcess StartWorker(PipelineInfrastructure infrastructure) => WorkerProcess.Start(new Dictionary<string, string>
    {
        ["ConnectionStrings__kafka"] = infrastructure.BootstrapServers,
        ["ConnectionStrings__redis"] = $"{infrastructure.RedisEndpoint},abortConnect=false",
        ["ConnectionStrings__milvus"] = infrastructure.MilvusConnectionString,
        ["Nebula__StreamWorker__Topic"] = Topic,
        ["Aspire__Confluent__Kafka__Consumer__Config__GroupId"] = "faults",
        ["Aspire__Confluent__Kafka__Consumer__Config__SessionTimeoutMs"] = EmbeddedKafkaConsumerSettings.SessionTimeoutMs.ToString(CultureInfo.InvariantCulture),
        ["Aspire__Confluent__Kafka__Consumer__Config__FetchWaitMaxMs"] = EmbeddedKafkaConsumerSettings.FetchWaitMaxMs.ToString(CultureInfo.InvariantCulture),
        ["Logging__LogLevel__Default"] = "Warning",
    });

    /// <summary>The worker built beside this program, as a process of its own.</summary>
    private sealed class WorkerProcess(Process process)
    {
        public static WorkerProcess Start(IReadOnlyDictionary<string, string> settings)
        {
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Nebula.StreamWorker.dll"));
            start.Environment["DOTNET_ENVIRONMENT"] = "Production";
            start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
            foreach (var (name, value) in settings)
            {
                start.Environment[name] = value;
            }

            var started = Process.Start(start)!;
            started.OutputDataReceived += (_, _) => { };
            started.ErrorDataReceived += (_, _) => { };
            started.BeginOutputReadLine();
            started.BeginErrorReadLine();
            return new WorkerProcess(started);
        }

        public async Task KillAsync()
        {
            try
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
                // Already gone (killed by the schedule, then disposed).
            }
        }
    }
}
