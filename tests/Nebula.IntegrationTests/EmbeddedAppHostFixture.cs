using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

[assembly: AssemblyFixture(typeof(Nebula.IntegrationTests.EmbeddedAppHostFixture))]

namespace Nebula.IntegrationTests;

/// <summary>
/// The whole AppHost in embedded mode, started once for the test assembly: the three embedded servers and the
/// services, each a process of its own.
/// </summary>
public sealed class EmbeddedAppHostFixture : INebulaAppHost, IAsyncLifetime
{
    /// <summary>A topic that only the trace test uses.</summary>
    public const string TraceTopic = "interactions.trace-test";

    /// <summary>A topic that only the worker retry test uses.</summary>
    public const string RetryTopic = "interactions.retry-test";

    /// <summary>A topic for the test that makes the embedded broker drop events a stopped worker had not read, and its dead-letter topic.</summary>
    public const string LossTopic = "interactions.loss-test";

    public const string LossDeadLetterTopic = "interactions.loss-test.dlq";

    /// <summary>Two partitions for the test where one partition's bad event must not hold the other, and its dead-letter topic.</summary>
    public const string IsolationTopic = "interactions.isolation-test";

    public const string IsolationDeadLetterTopic = "interactions.isolation-test.dlq";

    /// <summary>For the test whose worker meets a Milvus that stops answering, and its dead-letter topic.</summary>
    public const string HangTopic = "interactions.hang-test";

    public const string HangDeadLetterTopic = "interactions.hang-test.dlq";

    /// <summary>For the test whose Garnet of its own loses its last writes, and its dead-letter topic.</summary>
    public const string GarnetLossTopic = "interactions.garnet-loss-test";

    public const string GarnetLossDeadLetterTopic = "interactions.garnet-loss-test.dlq";

    /// <summary>For the fuzz test's Api, so that an event it lets through reaches no other test's worker.</summary>
    public const string FuzzTopic = "interactions.fuzz-test";

    /// <summary>For the test whose stopped worker finds a forgotten user's events in the topic, and its dead-letter topic.</summary>
    public const string ForgetTopic = "interactions.forget-test";

    public const string ForgetDeadLetterTopic = "interactions.forget-test.dlq";

    /// <summary>For the request-filter tests' worker and Api, and its dead-letter topic.</summary>
    public const string FilterTopic = "interactions.filter-test";

    public const string FilterDeadLetterTopic = "interactions.filter-test.dlq";

    /// <summary>The long-running resources; the embedder is a batch job that runs to completion.</summary>
    public static readonly string[] ResourceNames = ["kafka", "redis", "milvus", "api", "streamworker", "ui"];

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("nebula-it-").FullName;

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>The embedder's state when it stopped (its first run over the demo catalogue).</summary>
    public ResourceEvent EmbedderExit { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        (App, EmbedderExit) = await AppHostStarter.StartAsync(
            "Embedded AppHost",
            ["--infra", "embedded", $"--Nebula:DataDirectory={_dataDirectory}"],
            ResourceNames,
            builder =>
            {
                // Topics of their own for the tests that host an Api or a worker in this process (the embedded broker creates no topic on demand).
                var kafka = builder.Resources.OfType<Nebula.Hosting.Embedded.EmbeddedKafkaResource>().Single();
                kafka.AddTopic(TraceTopic, partitions: 1);
                kafka.AddTopic(RetryTopic, partitions: 1);
                kafka.AddTopic(LossTopic, partitions: 1);
                kafka.AddTopic(LossDeadLetterTopic, partitions: 1);
                kafka.AddTopic(IsolationTopic, partitions: 2);
                kafka.AddTopic(IsolationDeadLetterTopic, partitions: 1);
                kafka.AddTopic(GarnetLossTopic, partitions: 2);
                kafka.AddTopic(HangTopic, partitions: 1);
                kafka.AddTopic(FuzzTopic, partitions: 1);
                kafka.AddTopic(ForgetTopic, partitions: 1);
                kafka.AddTopic(ForgetDeadLetterTopic, partitions: 1);
                kafka.AddTopic(HangDeadLetterTopic, partitions: 1);
                kafka.AddTopic(GarnetLossDeadLetterTopic, partitions: 1);
                kafka.AddTopic(FilterTopic, partitions: 1);
                kafka.AddTopic(FilterDeadLetterTopic, partitions: 1);
            });
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }

    public Task<string> ConnectionStringAsync(string name) => App.ConnectionStringAsync(name);
}
