using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace Nebula.EmbeddedKafka;

/// <summary>
/// librdkafka's built-in mock cluster, driven through the C functions that the librdkafka build shipped
/// with Confluent.Kafka exports. It speaks the real Kafka protocol on loopback, keeps about 5 MiB per
/// partition in memory and lives as long as this object.
/// </summary>
public sealed partial class LibrdkafkaMockCluster : IDisposable
{
    private const string Library = "librdkafka";
    private const int ProducerClientType = 0;
    private const int ErrorBufferSize = 512;

    private nint _client;
    private nint _cluster;

    static LibrdkafkaMockCluster() =>
        NativeLibrary.SetDllImportResolver(typeof(LibrdkafkaMockCluster).Assembly, ResolveLibrdkafka);

    public LibrdkafkaMockCluster(int brokerCount = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerCount, 1);

        var config = rd_kafka_conf_new();
        // The owning handle has no bootstrap servers of its own; silence its warning about that.
        SetConfig(config, "log_level", "3");
        var error = new byte[ErrorBufferSize];
        _client = rd_kafka_new(ProducerClientType, config, error, (nuint)error.Length);
        if (_client == 0)
        {
            throw new InvalidOperationException($"rd_kafka_new failed: {Decode(error)}");
        }

        _cluster = rd_kafka_mock_cluster_new(_client, brokerCount);
        if (_cluster == 0)
        {
            rd_kafka_destroy(_client);
            _client = 0;
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed.");
        }

        BootstrapServers = Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(_cluster))
            ?? throw new InvalidOperationException("The mock cluster reported no bootstrap address.");
    }

    /// <summary>Comma-separated <c>127.0.0.1:port</c> addresses of the brokers.</summary>
    public string BootstrapServers { get; }

    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        ObjectDisposedException.ThrowIf(_cluster == 0, this);
        var code = rd_kafka_mock_topic_create(_cluster, topic, partitions, replicationFactor);
        if (code != 0)
        {
            throw new InvalidOperationException($"Creating topic '{topic}' failed with librdkafka error {code}.");
        }
    }

    /// <summary>The mock waits 3 s by default before the first group assignment; Kafka's own default is the same.</summary>
    public void SetGroupInitialRebalanceDelay(TimeSpan delay)
    {
        ObjectDisposedException.ThrowIf(_cluster == 0, this);
        rd_kafka_mock_group_initial_rebalance_delay_ms(_cluster, checked((int)delay.TotalMilliseconds));
    }

    /// <summary>Takes a broker down (it closes its connections and refuses new ones) until <see cref="SetBrokerUp"/>: an outage made for real.</summary>
    public void SetBrokerDown(int brokerId = 1) => Check(rd_kafka_mock_broker_set_down(_cluster, brokerId), "broker_set_down");

    public void SetBrokerUp(int brokerId = 1) => Check(rd_kafka_mock_broker_set_up(_cluster, brokerId), "broker_set_up");

    private static void Check(int error, string operation)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"rd_kafka_mock_{operation} failed with error {error}.");
        }
    }

    public void Dispose()
    {
        // The cluster first, then the handle that owns it.
        if (_cluster != 0)
        {
            rd_kafka_mock_cluster_destroy(_cluster);
            _cluster = 0;
        }

        if (_client != 0)
        {
            rd_kafka_destroy(_client);
            _client = 0;
        }
    }

    private static void SetConfig(nint config, string name, string value)
    {
        var error = new byte[ErrorBufferSize];
        if (rd_kafka_conf_set(config, name, value, error, (nuint)error.Length) != 0)
        {
            throw new InvalidOperationException($"rd_kafka_conf_set({name}) failed: {Decode(error)}");
        }
    }

    private static string Decode(byte[] buffer) =>
        Encoding.UTF8.GetString(buffer, 0, Math.Max(0, Array.IndexOf(buffer, (byte)0)));

    /// <summary>
    /// The same order as Confluent.Kafka: the default build needs libsasl2, which many machines lack,
    /// so fall back to the centos8 build and then the musl one.
    /// </summary>
    private static nint ResolveLibrdkafka(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library)
        {
            return 0;
        }

        foreach (var candidate in (string[])["librdkafka", "centos8-librdkafka.so", "alpine-librdkafka.so"])
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }

        return 0;
    }

    [LibraryImport(Library)]
    private static partial nint rd_kafka_conf_new();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rd_kafka_conf_set(nint conf, string name, string value, [Out] byte[] errstr, nuint errstrSize);

    [LibraryImport(Library)]
    private static partial nint rd_kafka_new(int type, nint conf, [Out] byte[] errstr, nuint errstrSize);

    [LibraryImport(Library)]
    private static partial void rd_kafka_destroy(nint rk);

    [LibraryImport(Library)]
    private static partial nint rd_kafka_mock_cluster_new(nint rk, int brokerCount);

    [LibraryImport(Library)]
    private static partial void rd_kafka_mock_cluster_destroy(nint cluster);

    [LibraryImport(Library)]
    private static partial nint rd_kafka_mock_cluster_bootstraps(nint cluster);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rd_kafka_mock_topic_create(nint cluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(Library)]
    private static partial void rd_kafka_mock_group_initial_rebalance_delay_ms(nint cluster, int delayMs);

    [LibraryImport(Library)]
    private static partial int rd_kafka_mock_broker_set_down(nint cluster, int brokerId);

    [LibraryImport(Library)]
    private static partial int rd_kafka_mock_broker_set_up(nint cluster, int brokerId);
}
