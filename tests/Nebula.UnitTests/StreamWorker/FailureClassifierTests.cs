using System.Net.Sockets;
using Confluent.Kafka;
using Nebula.Milvus;
using Nebula.StreamWorker.Consuming;
using Nebula.StreamWorker.State;
using StackExchange.Redis;

namespace Nebula.UnitTests.StreamWorker;

public sealed class FailureClassifierTests
{
    public static TheoryData<Exception> Outages() =>
    [
        new RedisConnectionException(ConnectionFailureType.SocketFailure, "down"),
        new RedisTimeoutException("slow", CommandStatus.Sent),
        new RedisServerException("LOADING Redis is loading the dataset in memory"),
        new StateConflictException(),
        new MilvusException("search", 100, "collection not found", 200),
        new HttpRequestException("refused"),
        new KafkaException(ErrorCode.Local_Transport),
        new TimeoutException(),
        new SocketException(),
        new AggregateException(new TimeoutException(), new HttpRequestException()),
    ];

    public static TheoryData<Exception> Faults() =>
    [
        new FormatException("A stored profile vector has 3 bytes"),
        new System.Text.Json.JsonException("bad recent items"),
        new RedisServerException("WRONGTYPE Operation against a key holding the wrong kind of value"),
        new InvalidOperationException(),
        new KafkaException(new Error(ErrorCode.Local_Fatal, "fenced", isFatal: true)),
        new AggregateException(new TimeoutException(), new FormatException()),
    ];

    [Theory]
    [MemberData(nameof(Outages))]
    public void An_unavailable_dependency_is_retried_for_as_long_as_it_lasts(Exception error) => Assert.True(FailureClassifier.IsTransient(error));

    [Theory]
    [MemberData(nameof(Faults))]
    public void A_fault_in_the_data_is_retried_a_bounded_number_of_times(Exception error) => Assert.False(FailureClassifier.IsTransient(error));
}
