using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Nebula.Api.Extensions;
using Nebula.StreamWorker.Extensions;

namespace Nebula.IntegrationTests;

/// <summary>
/// The Api and the stream worker hosted in the test process, wired as their Program.cs wires them, against
/// the AppHost's infrastructure (or a fault), for tests that need to see inside them or to break what they use.
/// </summary>
internal static class InProcessServices
{
    /// <summary>The AppHost's three connection strings, each replaceable (a fault) or extended by <paramref name="settings"/>.</summary>
    public static async Task<Dictionary<string, string?>> SettingsAsync(EmbeddedAppHostFixture fixture, IReadOnlyDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = await fixture.ConnectionStringAsync("kafka"),
            ["ConnectionStrings:redis"] = await fixture.ConnectionStringAsync("redis"),
            ["ConnectionStrings:milvus"] = await fixture.ConnectionStringAsync("milvus"),
            // Every trace, as in development: the trace tests follow whole traces (sampling has unit tests).
            ["Nebula:Telemetry:Tracing:SampleRatio"] = "1",
        };
        foreach (var (key, value) in TestApiKeys.ApiSettings)
        {
            all[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return all;
    }

    /// <summary>A started Api on a free loopback port (its address is <c>Urls</c>).</summary>
    public static async Task<WebApplication> StartApiAsync(
        string contentRoot, IReadOnlyDictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = contentRoot, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        builder.AddApiServices();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapDefaultEndpoints();
        app.MapApi();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    /// <summary>
    /// A started stream worker on a topic of the test's own, dead-lettering to another of its own, in consumer group
    /// <paramref name="group"/>; a short session timeout, so that a worker restarted in the same group gets the
    /// partition back within seconds (the embedded broker keeps a departed member until its session times out).
    /// </summary>
    public static async Task<IHost> StartWorkerOnTopicAsync(
        EmbeddedAppHostFixture fixture, string contentRoot, string topic, string deadLetterTopic, string group) =>
        await StartWorkerAsync(contentRoot, await SettingsAsync(fixture, new Dictionary<string, string?>
        {
            ["Nebula:StreamWorker:Topic"] = topic,
            ["Nebula:StreamWorker:DeadLetterTopic"] = deadLetterTopic,
            ["Aspire:Confluent:Kafka:Consumer:Config:GroupId"] = group,
            ["Aspire:Confluent:Kafka:Consumer:Config:SessionTimeoutMs"] = "6000",
        }));

    /// <summary>A started stream worker.</summary>
    public static async Task<IHost> StartWorkerAsync(
        string contentRoot, IReadOnlyDictionary<string, string?> settings, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = contentRoot, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        builder.AddStreamWorkerServices();
        configure?.Invoke(builder);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }
}
