using System.Collections;
using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace Nebula.IntegrationTests;

/// <summary>
/// One trace per interaction (docs/architecture.md): the Api and the worker run in this process against the AppHost's
/// broker, Redis and Milvus, on a topic of their own, and an in-memory exporter records every span.
/// </summary>
public sealed class PipelineTraceTests(EmbeddedAppHostFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string _topic = EmbeddedAppHostFixture.TraceTopic;
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("nebula-trace-").FullName;
    private readonly SpanCollection _spans = new();
    private WebApplication _api = null!;
    private IHost _worker = null!;
    private HttpClient _client = null!;
    private PipelineDriver _driver = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = await InProcessServices.SettingsAsync(fixture, new Dictionary<string, string?>
        {
            ["Nebula:Api:Topic"] = _topic,
            ["Nebula:StreamWorker:Topic"] = _topic,
            ["Aspire:Confluent:Kafka:Consumer:Config:GroupId"] = $"trace-test-{Guid.NewGuid():N}",
            ["Aspire:Confluent:Kafka:Consumer:Config:SessionTimeoutMs"] = "6000",
        });
        // Both hosts export: each tracer provider listens to its own service's sources.
        _api = await InProcessServices.StartApiAsync(_contentRoot, settings, builder => builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(_spans)));
        _worker = await InProcessServices.StartWorkerAsync(_contentRoot, settings, builder => builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(_spans)));

        var address = _api.Urls.First();
        _client = TestApiKeys.Client(address);
        _driver = await PipelineDriver.CreateAsync(fixture);
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        await (_driver?.DisposeAsync() ?? ValueTask.CompletedTask);
        if (_worker is not null)
        {
            await _worker.StopAsync(CancellationToken.None);
            _worker.Dispose();
        }

        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        Directory.Delete(_contentRoot, recursive: true);
    }

    [Fact]
    public async Task One_trace_runs_from_the_request_through_publish_and_process_to_the_search_and_the_redis_write()
    {
        var user = PipelineDriver.NewUser("traced");
        var item = (await _driver.CatalogItemsAsync(1))[0];

        using var posted = await _client.PostAsJsonAsync("/interactions", new { userId = user, itemId = item, type = "click" }, TestContext.Current.CancellationToken);
        posted.EnsureSuccessStatusCode();
        await _driver.WaitForRecommendationsAsync(user, r => PipelineDriver.Source(r) == "personalized", Patience);
        // The process span ends last, after the write, the notifications and the dead letters: the whole trace is in then.
        await _spans.WaitForAsync(s => s.DisplayName == $"{_topic} process", Patience);

        var publish = _spans.Single(s => s.DisplayName == $"{_topic} publish");
        var process = _spans.Single(s => s.DisplayName == $"{_topic} process");
        // Apis and workers of tests running beside this one serve and write under the same (static) sources, which
        // this test's exporters listen to: take this trace's (the topic is this test's own).
        var request = _spans.Single(s => s.Kind == ActivityKind.Server && s.DisplayName == "POST /interactions/" && s.TraceId == publish.TraceId);
        var write = _spans.Single(s => s.DisplayName == "write recommendations" && s.TraceId == request.TraceId);
        var search = _spans.Single(s => s.DisplayName == "search items" && s.ParentSpanId == process.SpanId);
        Assert.All([publish, process, search, write], span => Assert.Equal(request.TraceId, span.TraceId));
        Assert.Equal(request.SpanId, publish.ParentSpanId);
        Assert.Equal(publish.SpanId, process.ParentSpanId);
        Assert.Equal(process.SpanId, write.ParentSpanId);
        Assert.Equal("redis", write.GetTagItem("db.system.name"));
        Assert.Equal(ActivityStatusCode.Unset, process.Status);
    }

    [Fact]
    public async Task A_served_lists_redis_read_is_a_span_under_the_request()
    {
        var user = PipelineDriver.NewUser("traced-read");

        using var served = await _client.GetAsync($"/users/{user}/recommendations", TestContext.Current.CancellationToken);
        served.EnsureSuccessStatusCode();

        // The Api's Redis spans come from OpenTelemetry's instrumentation (not Aspire's), drained from its sessions shortly after.
        var request = await _spans.WaitForAsync(s => s.Kind == ActivityKind.Server && s.DisplayName.StartsWith("GET /users/", StringComparison.Ordinal)
            && s.GetTagItem("url.path") as string == $"/users/{user}/recommendations", Patience);
        var read = await _spans.WaitForAsync(s => s.ParentSpanId == request.SpanId && s.DisplayName == "GET", Patience);
        Assert.Equal(request.TraceId, read.TraceId);
        Assert.Equal("redis", read.GetTagItem("db.system") ?? read.GetTagItem("db.system.name"));
    }
}
