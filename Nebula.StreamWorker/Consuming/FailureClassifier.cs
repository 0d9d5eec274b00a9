using System.Net.Sockets;
using Confluent.Kafka;
using Nebula.Milvus;
using StackExchange.Redis;

namespace Nebula.StreamWorker.Consuming;

/// <summary>
/// Whether a batch's failure is about the infrastructure (retried for as long as it lasts) or about the events or the
/// stored state they meet (bounded, then dead-lettered: <see cref="StreamWorkerOptions.MaxAttempts"/>).
/// </summary>
public static class FailureClassifier
{
    public static bool IsTransient(Exception error) => error switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.All(IsTransient),
        // A key of the wrong type is stored data, not an outage.
        RedisServerException server => !server.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal),
        // Connection, timeout and conflict (another worker wrote first) alike.
        RedisException => true,
        // A missing collection or a refused login is the deployment's to fix, not the event's fault.
        MilvusException or HttpRequestException => true,
        KafkaException kafka => !kafka.Error.IsFatal,
        TimeoutException or SocketException or IOException => true,
        _ => false,
    };
}
