using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Nebula.Milvus;

namespace Nebula.UnitTests.Milvus;

public sealed class MilvusClientTelemetryTests(EmbeddedVectorServiceFixture fixture) : IClassFixture<EmbeddedVectorServiceFixture>
{
    [Fact]
    public async Task Every_call_is_one_client_span_named_for_its_operation_and_collection()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MilvusTelemetry.ActivitySourceName,
            Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);

        await Assert.ThrowsAsync<MilvusException>(() => fixture.Client.GetRowCountAsync("no_such_collection", TestContext.Current.CancellationToken));

        var span = Assert.Single(spans, s => s.DisplayName == "get_stats no_such_collection");
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("milvus", span.GetTagItem("db.system.name"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("100", span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task The_vector_service_serves_a_call_in_a_server_span_of_the_clients_trace()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is MilvusTelemetry.ActivitySourceName or "System.Net.Http" or "Microsoft.AspNetCore",
            Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span =>
            {
                lock (spans)
                {
                    spans.Add(span);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await fixture.Client.ListCollectionsAsync(TestContext.Current.CancellationToken);

        // The server's span stops once its response is sent, which can be after the client has read it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            lock (spans)
            {
                if (spans.Any(s => s.Kind == ActivityKind.Server))
                {
                    break;
                }
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Activity call, request, server;
        lock (spans)
        {
            call = Assert.Single(spans, s => s.DisplayName == "list_collections");
            request = Assert.Single(spans, s => s.Source.Name == "System.Net.Http" && s.TraceId == call.TraceId);
            server = Assert.Single(spans, s => s.Kind == ActivityKind.Server && s.TraceId == call.TraceId);
        }

        // Milvus call → its HTTP request → the vector service's handling of it, one trace.
        Assert.Equal(call.SpanId, request.ParentSpanId);
        Assert.Equal(request.SpanId, server.ParentSpanId);
    }

    [Fact]
    public async Task The_health_check_is_healthy_when_the_server_answers()
    {
        var result = await new MilvusHealthCheck(fixture.Client).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task The_health_check_is_unhealthy_when_nothing_listens()
    {
        using var client = new MilvusClient(new MilvusClientSettings { Endpoint = new Uri("http://127.0.0.1:1"), MaxRetries = 0 });

        var result = await new MilvusHealthCheck(client).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    [Fact]
    public void A_client_without_an_endpoint_is_refused_at_start_naming_the_connection_string()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new MilvusClient(new MilvusClientSettings()));

        Assert.Contains("ConnectionStrings:milvus", error.Message, StringComparison.Ordinal);
    }
}
