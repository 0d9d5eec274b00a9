using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;
using Nebula.StreamWorker;
using Nebula.StreamWorker.State;
using StackExchange.Redis;

namespace Nebula.IntegrationTests;

/// <summary>
/// Forgetting a shopper (<c>DELETE /users/{id}</c>) and exporting what is held (<c>GET /users/{id}/export</c>), through
/// the AppHost's Api, worker and Garnet; and a worker that finds the forgotten shopper's events still in the topic.
/// </summary>
[Collection(PipelineTestGroup.Name)]
public sealed class ForgetUserTests(EmbeddedAppHostFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("nebula-forget-").FullName;
    private PipelineDriver _driver = null!;

    public async ValueTask InitializeAsync() => _driver = await PipelineDriver.CreateAsync(fixture);

    public async ValueTask DisposeAsync()
    {
        await _driver.DisposeAsync();
        Directory.Delete(_contentRoot, recursive: true);
    }

    [Fact]
    public async Task Export_returns_the_profile_the_list_and_the_event_ids_held_about_a_user()
    {
        var user = PipelineDriver.NewUser("export");
        var items = await _driver.CatalogItemsAsync(2);
        Guid[] ids = [Guid.CreateVersion7(), Guid.CreateVersion7()];
        (await _driver.PostInteractionAsync(user, items[0], "view", ids[0])).EnsureSuccessStatusCode();
        (await _driver.PostInteractionAsync(user, items[1], "add_to_cart", ids[1])).EnsureSuccessStatusCode();
        await _driver.WaitForProfileAsync(user, 2, Patience);
        await _driver.WaitForRecommendationsAsync(user, r => PipelineDriver.Source(r) == "personalized", Patience);

        var export = await _driver.Api.GetFromJsonAsync<JsonElement>($"/users/{user}/export", TestContext.Current.CancellationToken);

        Assert.Equal(user, export.GetProperty("userId").GetString());
        Assert.Equal(2, export.GetProperty("profile").GetProperty("eventCount").GetInt64());
        Assert.Equal([items[1], items[0]], export.GetProperty("profile").GetProperty("recentItems").EnumerateArray().Select(i => i.GetString()));
        Assert.NotEmpty(export.GetProperty("recommendations").GetProperty("items").EnumerateArray());
        Assert.Equal(ids.Order(), export.GetProperty("appliedEvents").EnumerateArray().Select(e => e.GetProperty("eventId").GetGuid()).Order());
        Assert.Equal(ids.Order(), export.GetProperty("publishedEvents").EnumerateArray().Select(e => e.GetProperty("eventId").GetGuid()).Order());
    }

    [Fact]
    public async Task Forgetting_a_user_leaves_no_key_that_names_them_and_their_export_is_then_404()
    {
        var user = PipelineDriver.NewUser("forget");
        var items = await _driver.CatalogItemsAsync(2);
        await _driver.PostInteractionAsync(user, items[0], "view", Guid.CreateVersion7());
        await _driver.PostInteractionAsync(user, items[1], "purchase", Guid.CreateVersion7());
        await _driver.WaitForRecommendationsAsync(user, r => PipelineDriver.Source(r) == "personalized", Patience);
        Assert.NotEmpty(await _driver.KeysNamingAsync(user));

        using var forget = await _driver.Api.DeleteAsync($"/users/{user}", TestContext.Current.CancellationToken);
        using var export = await _driver.Api.GetAsync($"/users/{user}/export", TestContext.Current.CancellationToken);
        using var again = await _driver.Api.DeleteAsync($"/users/{user}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, forget.StatusCode);
        Assert.Empty(await _driver.KeysNamingAsync(user));
        Assert.Equal(HttpStatusCode.NotFound, export.StatusCode);
        Assert.Contains(user, await export.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal("popular", PipelineDriver.Source(await _driver.RecommendationsAsync(user)));
    }

    [Fact]
    public async Task A_forgotten_users_stream_ends()
    {
        var user = PipelineDriver.NewUser("forget-stream");
        using var stream = await _driver.Api.GetStreamAsync($"/users/{user}/recommendations/stream", TestContext.Current.CancellationToken);
        using var reader = new StreamReader(stream);
        Assert.StartsWith("event:", await reader.ReadLineAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        using var forget = await _driver.Api.DeleteAsync($"/users/{user}", TestContext.Current.CancellationToken);
        var rest = await reader.ReadToEndAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, forget.StatusCode);
        Assert.DoesNotContain(": heartbeat", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_already_in_the_topic_for_a_forgotten_user_are_dropped_and_later_ones_start_afresh()
    {
        var (user, marker) = (PipelineDriver.NewUser("forgotten"), PipelineDriver.NewUser("forget-marker"));
        var items = await _driver.CatalogItemsAsync(3);
        var group = $"forget-test-{Guid.NewGuid():N}";
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = await fixture.ConnectionStringAsync("kafka") }).Build();
        using var dropped = new ForgottenEventCount();

        using (var first = await StartWorkerAsync(group))
        {
            await ProduceAsync(producer, user, items[0]);
            await _driver.WaitForProfileAsync(user, 1, Patience);
            await first.StopAsync(TestContext.Current.CancellationToken);
        }

        // Published while no worker reads, then the user is forgotten: these two are in the topic, not yet applied.
        await ProduceAsync(producer, user, items[1]);
        await ProduceAsync(producer, user, items[2]);
        using var forget = await _driver.Api.DeleteAsync($"/users/{user}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, forget.StatusCode);
        await ProduceAsync(producer, marker, items[0]);

        using var second = await StartWorkerAsync(group);
        await _driver.WaitForProfileAsync(marker, 1, Patience);
        Assert.Null(await _driver.ProfileAsync(user));
        Assert.Equal(2, await dropped.WaitForAsync(2));

        // The shopper comes back: an event published after the deletion is theirs again, on a fresh profile.
        await ProduceAsync(producer, user, items[2]);
        var fresh = await _driver.WaitForProfileAsync(user, 1, Patience);
        Assert.Equal(1, fresh.EventCount);
        Assert.Equal([items[2]], fresh.RecentItems);
        await second.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_worker_that_read_a_user_before_they_were_forgotten_does_not_write_their_profile_back()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(await fixture.ConnectionStringAsync("redis"));
        var store = new RecommendationStateStore(redis, TimeProvider.System);
        var user = PipelineDriver.NewUser("forget-race");
        var interaction = new InteractionEvent(Guid.CreateVersion7(), user, "item", "view", DateTimeOffset.UtcNow);
        var read = await store.ReadStateAsync("forget-race-test", [], [interaction]);

        // Forgotten between the worker's read and its write, through the Api.
        using var forget = await _driver.Api.DeleteAsync($"/users/{user}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, forget.StatusCode);
        var profile = new TasteProfile([1f, 0f], 1, DateTimeOffset.UtcNow, 1, ["item"]);
        var write = store.WriteAsync(new StateChanges(
            "forget-race-test", new Dictionary<string, TasteProfile> { [user] = profile }, new Dictionary<string, RecommendationList?>(),
            new Dictionary<string, double>(), new Dictionary<string, Dictionary<string, double>>(), 10, new Dictionary<int, long>(), new Dictionary<int, long?>(), [interaction], TimeSpan.FromDays(1), [],
            read.ForgetGeneration));

        await Assert.ThrowsAsync<StateConflictException>(() => write);
        Assert.Null(await _driver.ProfileAsync(user));
    }

    /// <summary>
    /// The workers' <c>nebula.worker.events</c> with outcome <c>forgotten</c>, from every meter of that name: a worker's
    /// meter comes from its host's factory, which exists only once the worker has started (and may already be reading).
    /// </summary>
    private sealed class ForgottenEventCount : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public ForgottenEventCount()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == StreamWorkerTelemetry.Name && instrument.Name == "nebula.worker.events")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag is { Key: "outcome", Value: "forgotten" })
                    {
                        Interlocked.Add(ref _count, value);
                    }
                }
            });
            _listener.Start();
        }

        /// <summary>The count once it reaches <paramref name="expected"/>, or as it is after 10 s (a batch is counted just after its write).</summary>
        public async Task<long> WaitForAsync(long expected)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (Interlocked.Read(ref _count) < expected && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            return Interlocked.Read(ref _count);
        }

        public void Dispose() => _listener.Dispose();
    }

    // Every key whose name holds the user id (a forgotten user's tombstone is named by a hash of it).
    private static async Task ProduceAsync(IProducer<string, string> producer, string user, string item)
    {
        var interaction = new InteractionEvent(Guid.CreateVersion7(), user, item, "view", DateTimeOffset.UtcNow);
        await producer.ProduceAsync(
            new TopicPartition(EmbeddedAppHostFixture.ForgetTopic, 0),
            new Message<string, string> { Key = user, Value = InteractionEventSerializer.Serialize(interaction) },
            TestContext.Current.CancellationToken);
    }

    private Task<IHost> StartWorkerAsync(string group) => InProcessServices.StartWorkerOnTopicAsync(
        fixture, _contentRoot, EmbeddedAppHostFixture.ForgetTopic, EmbeddedAppHostFixture.ForgetDeadLetterTopic, group);
}
