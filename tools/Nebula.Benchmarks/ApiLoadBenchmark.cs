using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Nebula.Benchmarks;

/// <summary>
/// A load process separate from the system: serving (<c>GET /users/{id}/recommendations</c> at a fixed
/// request rate, latency measured from each request's scheduled start, so a stall counts against every
/// request it delays), the same with a request-time category filter (phase <c>serve-filtered</c>: the stored list's
/// matches, filled by a filtered search when they are too few), the same load on <c>/alive</c> (phase <c>alive</c>: the
/// round trip's floor on the shared cores), and ingest (accepted events/s through
/// <c>POST /interactions</c> and the batch route).
/// Point it at a running AppHost (tools/bench-api.sh starts one).
/// </summary>
internal static class ApiLoadBenchmark
{
    private static readonly string[] Queries = ["glass beaker", "safety gloves", "digital multimeter", "tape measure", "soldering iron", "label printer", "lab coat", "microscope slides"];
    private static readonly string[] SearchWords = ["black", "large", "pack of 6", "stainless steel", "for kids", "heavy duty", "12-inch", "cordless", "gift", "waterproof", "small", "blue", "set"];

    public static async Task<int> RunAsync(string[] args)
    {
        var url = BenchmarkData.Option(args, "--url") ?? "http://localhost:5080";
        // A key with the read and ingest roles (tools/start-apphost.sh sets the admin key it starts the AppHost with).
        var key = BenchmarkData.Option(args, "--key") ?? Environment.GetEnvironmentVariable("NEBULA_API_KEY");
        var rate = BenchmarkData.Option(args, "--rate", 2000);
        var seconds = BenchmarkData.Option(args, "--seconds", 20);
        var users = BenchmarkData.Option(args, "--users", 1000);
        var ingestSeconds = BenchmarkData.Option(args, "--ingest-seconds", 10);
        var concurrency = BenchmarkData.Option(args, "--concurrency", 32);
        // Tiered compilation was still at 11% of the Api's samples 25-37 s after it started serving (perf, 1,000/s), and
        // the Api kept adding compiled methods for over a minute (its perf map grew by ~130 a second at 65 s).
        var warmupSeconds = BenchmarkData.Option(args, "--warmup-seconds", 60);
        // The Api's CPU per request, read from /proc: the process named Nebula.Api (as the AppHost starts it) or --api-pid.
        var api = BenchmarkData.Option(args, "--api-pid") is { } pid
            ? Process.GetProcessById(int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture))
            : Process.GetProcessesByName("Nebula.Api").FirstOrDefault();
        // Serving first: the ingest phase leaves the worker a backlog of hundreds of thousands of events.
        var phases = (BenchmarkData.Option(args, "--phases") ?? "serve,ingest").Split(',');

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        var (items, commonestCategory) = await ItemsAsync(client);
        // Fresh users on every run, so that "personalised" means this run's seed event was applied, even on a data
        // directory earlier runs left behind (tools/bench-api.sh gives wrk the same --run).
        var run = BenchmarkData.Option(args, "--run") ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var userIds = Enumerable.Range(0, users).Select(i => $"load-{run}-{i}").ToArray();
        var seeding = await SeedAsync(client, userIds, items);
        Console.WriteLine($"{items.Count} items, {users} users with a personalised list ({seeding.TotalSeconds:0.0} s from the seed events to the last list); {Environment.ProcessorCount} cores shared by this process and the system");

        Func<int, string> Recommendations(string query) => i => $"/users/{userIds[i % userIds.Length]}/recommendations{query}";
        if (phases.Contains("serve"))
        {
            await MeasureAsync(client, "serving GET /users/{id}/recommendations", Recommendations(""), rate, warmupSeconds, seconds, api);
        }

        if (phases.Contains("alive"))
        {
            // The floor under the serving figures: the same paced load on /alive, which reads nothing, is not traced and
            // is answered by the same Kestrel, so what is left is the round trip on these shared cores.
            await MeasureAsync(client, "GET /alive (the floor)", _ => "/alive", rate, warmupSeconds, seconds, api);
        }

        if (phases.Contains("serve-filtered"))
        {
            // --filter QUERY serves another filter (e.g. "exclude=B0000223SI", which the stored list always fills).
            var query = BenchmarkData.Option(args, "--filter") ?? $"category={Uri.EscapeDataString(commonestCategory)}";
            await MeasureAsync(client, $"serving GET /users/{{id}}/recommendations?{query}", Recommendations($"?{query}"), rate, warmupSeconds, seconds, api);
        }

        if (phases.Contains("items"))
        {
            // Similar items and search, as the shopping page asks them: one vector search each (search embeds the query first).
            var itemRate = BenchmarkData.Option(args, "--items-rate", 100);
            foreach (var (name, path) in new (string, Func<int, string>)[]
            {
                ("GET /items/{id}/similar", i => $"/items/{items[(i * 7919) % items.Count]}/similar?k=10"),
                ("GET /items/search", i => $"/items/search?q={Uri.EscapeDataString($"{Queries[i % Queries.Length]} {SearchWords[(i / Queries.Length) % SearchWords.Length]}")}&k=10"),
            })
            {
                await MeasureAsync(client, $"serving {name}", path, itemRate, warmupSeconds, seconds, api);
            }
        }

        if (!phases.Contains("ingest"))
        {
            return 0;
        }

        var single = await IngestAsync(client, userIds, items, concurrency, ingestSeconds, batch: 1);
        Console.WriteLine($"ingest POST /interactions, {concurrency} concurrent clients: {single:0} events/s accepted");
        var batched = await IngestAsync(client, userIds, items, 4, ingestSeconds, batch: 1000);
        Console.WriteLine($"ingest POST /interactions/batch (1,000 events), 4 concurrent clients: {batched:0} events/s accepted");
        return 0;
    }

    /// <summary>The items the load touches, and the category most of them have (for the filtered phase).</summary>
    private static async Task<(List<string> Items, string CommonestCategory)> ItemsAsync(HttpClient client)
    {
        var items = new HashSet<string>();
        var categories = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var query in Queries)
        {
            var found = await client.GetFromJsonAsync<JsonElement>($"/items/search?q={Uri.EscapeDataString(query)}&k=100");
            foreach (var item in found.GetProperty("items").EnumerateArray())
            {
                if (items.Add(item.GetProperty("itemId").GetString()!) && item.TryGetProperty("categories", out var itemCategories) && itemCategories.ValueKind == JsonValueKind.Array)
                {
                    foreach (var category in itemCategories.EnumerateArray())
                    {
                        categories[category.GetString()!] = categories.GetValueOrDefault(category.GetString()!) + 1;
                    }
                }
            }
        }

        return ([.. items], categories.Count == 0 ? "" : categories.MaxBy(entry => entry.Value).Key);
    }

    /// <summary>
    /// Posts one click per user and waits until every user's list is personalised: the worker still applying seed events
    /// while the serving phase runs would take the cores the serving figures are meant to measure.
    /// </summary>
    private static async Task<TimeSpan> SeedAsync(HttpClient client, string[] users, List<string> items)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(3);
        foreach (var chunk in users.Chunk(1000))
        {
            using var response = await client.PostAsJsonAsync("/interactions/batch", new
            {
                events = chunk.Select(u => new { userId = u, itemId = items[random.Next(items.Count)], type = "click" }),
            });
            response.EnsureSuccessStatusCode();
        }

        var waiting = users.ToList();
        while (waiting.Count > 0)
        {
            var personalised = await Task.WhenAll(waiting.Select(async user =>
                (await client.GetFromJsonAsync<JsonElement>($"/users/{user}/recommendations")).GetProperty("source").GetString() == "personalized"));
            waiting = [.. waiting.Where((_, i) => !personalised[i])];
            if (waiting.Count > 0)
            {
                await Task.Delay(250);
            }
        }

        return clock.Elapsed;
    }

    /// <summary>Warms <paramref name="path"/> up, then measures it at <paramref name="rate"/> and prints its latencies and the Api's CPU.</summary>
    private static async Task MeasureAsync(HttpClient client, string name, Func<int, string> path, int rate, int warmupSeconds, int seconds, Process? api)
    {
        await RequestAtRateAsync(client, path, rate, warmupSeconds);
        var cpu = ProcessorTime.Start(api);
        var own = ProcessCost.Now();
        var (p50, p99, max, achieved, errors, late) = await RequestAtRateAsync(client, path, rate, seconds);
        var ownPauses = ProcessCost.Now().PausesSince(own);
        Console.WriteLine($"{name} at {rate}/s for {seconds} s: {achieved:0} requests/s, p50 {p50:0.00} ms, p99 {p99:0.00} ms, max {max:0.0} ms, {errors} errors");
        // Part of every latency above: how late this process sent the requests (its pacing, its own cores).
        Console.WriteLine($"  sent late by (this process): p50 {late.P50:0.000} ms, p99 {late.P99:0.000} ms; {ownPauses}");
        Console.WriteLine(cpu.Report(rate * seconds));
    }

    /// <summary>
    /// GETs <paramref name="path"/>(i) at a fixed rate; each latency counts from the request's scheduled start. The
    /// pacing loop starts each request itself (no hop through the thread pool), so that the pool's few threads on 2
    /// cores are left to the responses.
    /// </summary>
    private static async Task<(double P50, double P99, double Max, double Achieved, int Errors, (double P50, double P99) Late)> RequestAtRateAsync(
        HttpClient client, Func<int, string> path, int rate, int seconds)
    {
        var total = rate * seconds;
        var latencies = new double[total];
        var lateness = new double[total];
        var errors = 0;
        var pending = new Task[total];
        var clock = Stopwatch.StartNew();

        async Task RequestAsync(int index, TimeSpan due)
        {
            lateness[index] = (clock.Elapsed - due).TotalMilliseconds;
            try
            {
                using var response = await client.GetAsync(path(index), HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors);
            }

            latencies[index] = (clock.Elapsed - due).TotalMilliseconds;
        }

        await BenchmarkData.AtFixedRate(clock, total, rate, (i, due) => pending[i] = RequestAsync(i, due));

        await Task.WhenAll(pending);
        var elapsed = clock.Elapsed.TotalSeconds;
        var sorted = latencies.Order().ToList();
        var late = lateness.Order().ToList();
        return (BenchmarkData.Percentile(sorted, 50), BenchmarkData.Percentile(sorted, 99), sorted[^1], total / elapsed, errors,
            (BenchmarkData.Percentile(late, 50), BenchmarkData.Percentile(late, 99)));
    }

    private static async Task<double> IngestAsync(HttpClient client, string[] users, List<string> items, int concurrency, int seconds, int batch)
    {
        long accepted = 0;
        var clock = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            while (clock.Elapsed < end)
            {
                if (batch == 1)
                {
                    using var response = await client.PostAsJsonAsync("/interactions", new { userId = users[random.Next(users.Length)], itemId = items[random.Next(items.Count)], type = "view" });
                    if (response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref accepted);
                    }
                }
                else
                {
                    using var response = await client.PostAsJsonAsync("/interactions/batch", new
                    {
                        events = Enumerable.Range(0, batch).Select(_ => new { userId = users[random.Next(users.Length)], itemId = items[random.Next(items.Count)], type = "view" }),
                    });
                    var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                    Interlocked.Add(ref accepted, body.GetProperty("accepted").GetInt32());
                }
            }
        })));
        return accepted / clock.Elapsed.TotalSeconds;
    }
}
