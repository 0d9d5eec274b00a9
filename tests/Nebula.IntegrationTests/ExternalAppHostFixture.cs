using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Nebula.Hosting.Embedded;

namespace Nebula.IntegrationTests;

/// <summary>
/// The whole AppHost in external mode, as a user with their own infrastructure runs it: it starts nothing for
/// <c>kafka</c>, <c>redis</c> and <c>milvus</c> and is given three connection strings. Redis is a real
/// <c>redis-server</c> with a password; the broker and the vector service are the embedded servers, started apart
/// from this AppHost as the user's infrastructure would be.
/// </summary>
public sealed class ExternalAppHostFixture : INebulaAppHost, IAsyncLifetime
{
    private static readonly string[] Waited = ["redis", "milvus", .. AppHostStarter.Services];
    private static readonly string[] LocallyFixedPorts = ["api", "ui"];

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("nebula-it-external-").FullName;
    private RedisServerProcess? _redis;
    private DistributedApplication? _infrastructure;

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>The user's Redis, which a test may crash.</summary>
    internal RedisServerProcess Redis => _redis ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>The embedder's state when it stopped (its first run over the demo catalogue).</summary>
    public ResourceEvent EmbedderExit { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServerProcess.StartAsync(_dataDirectory);
        _infrastructure = await EmbeddedInfrastructureHost.StartAsync(_dataDirectory, "kafka", "milvus");
        var kafka = await _infrastructure.ConnectionStringAsync("kafka");
        var milvus = await _infrastructure.ConnectionStringAsync("milvus");

        (App, EmbedderExit) = await AppHostStarter.StartAsync(
            "External AppHost",
            ["--infra", "external", $"--ConnectionStrings:kafka={kafka}", $"--ConnectionStrings:redis={_redis.ConnectionString}", $"--ConnectionStrings:milvus={milvus}"],
            Waited,
            builder =>
            {
                // The user's broker here is librdkafka's mock, which the AppHost cannot know in external mode: give the
                // worker the consumer settings embedded mode would (a restarted worker gets its partitions at once).
                builder.CreateResourceBuilder(Project(builder, "streamworker")).WithEmbeddedKafkaConsumerSettings();
                // The Api and the Ui have fixed local ports, which the embedded AppHost of the same test run holds.
                foreach (var name in LocallyFixedPorts)
                {
                    Project(builder, name).Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http").Port = LoopbackPort.Free();
                }
            });
    }

    private static ProjectResource Project(IDistributedApplicationBuilder builder, string name) =>
        builder.Resources.OfType<ProjectResource>().Single(r => r.Name == name);

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        if (_infrastructure is not null)
        {
            await _infrastructure.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }

    public Task<string> ConnectionStringAsync(string name) => App.ConnectionStringAsync(name);
}
