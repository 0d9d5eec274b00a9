using System.Net;
using Microsoft.Extensions.Options;

namespace Nebula.EmbeddedKafka;

/// <summary>
/// Starts the mock cluster and its topics, and the relay that makes it reachable on the configured port; stops both
/// when the process stops. Everything the broker holds is lost then, as the mock keeps nothing on disk.
/// </summary>
internal sealed partial class EmbeddedKafkaServer(IOptions<EmbeddedKafkaOptions> options, ILogger<EmbeddedKafkaServer> logger) : IHostedService, IAsyncDisposable
{
    private LibrdkafkaMockCluster? _cluster;
    private BootstrapRelay? _relay;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        _cluster = new LibrdkafkaMockCluster(settings.Brokers);
        foreach (var (topic, partitions) in settings.Topics)
        {
            _cluster.CreateTopic(topic, partitions);
            LogTopic(logger, topic, partitions);
        }

        _cluster.SetGroupInitialRebalanceDelay(settings.GroupInitialRebalanceDelay);
        var firstBroker = IPEndPoint.Parse(_cluster.BootstrapServers.Split(',')[0]);
        _relay = BootstrapRelay.Start(new IPEndPoint(IPAddress.Loopback, settings.Port), firstBroker);
        LogStarted(logger, settings.Port, _cluster.BootstrapServers);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
            _relay = null;
        }

        _cluster?.Dispose();
        _cluster = null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Kafka bootstrap on 127.0.0.1:{Port}; the mock's brokers listen on {Brokers}")]
    private static partial void LogStarted(ILogger logger, int port, string brokers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created topic '{Topic}' with {Partitions} partitions")]
    private static partial void LogTopic(ILogger logger, string topic, int partitions);
}
