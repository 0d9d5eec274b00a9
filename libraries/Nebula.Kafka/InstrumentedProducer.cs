using System.Diagnostics;
using Confluent.Kafka;

namespace Nebula.Kafka;

/// <summary>
/// An <see cref="IProducer{TKey,TValue}"/> that traces every produce as a <c>{topic} publish</c> span,
/// carries the W3C trace context and baggage in the message headers, and records messaging metrics.
/// </summary>
internal sealed class InstrumentedProducer<TKey, TValue>(IProducer<TKey, TValue> inner, bool tracing, bool metrics)
    : IProducer<TKey, TValue>
{
    public Handle Handle => inner.Handle;

    public string Name => inner.Name;

    public async Task<DeliveryResult<TKey, TValue>> ProduceAsync(
        string topic, Message<TKey, TValue> message, CancellationToken cancellationToken = default)
    {
        var (activity, started) = Start(topic, message);
        try
        {
            var result = await inner.ProduceAsync(topic, message, cancellationToken).ConfigureAwait(false);
            End(activity, topic, result.TopicPartitionOffset, null, started);
            return result;
        }
        catch (Exception error)
        {
            End(activity, topic, null, error, started);
            throw;
        }
    }

    public async Task<DeliveryResult<TKey, TValue>> ProduceAsync(
        TopicPartition topicPartition, Message<TKey, TValue> message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topicPartition);
        var (activity, started) = Start(topicPartition.Topic, message);
        try
        {
            var result = await inner.ProduceAsync(topicPartition, message, cancellationToken).ConfigureAwait(false);
            End(activity, topicPartition.Topic, result.TopicPartitionOffset, null, started);
            return result;
        }
        catch (Exception error)
        {
            End(activity, topicPartition.Topic, null, error, started);
            throw;
        }
    }

    public void Produce(string topic, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null)
    {
        var (activity, started) = Start(topic, message);
        try
        {
            inner.Produce(topic, message, OnDelivered(activity, topic, started, deliveryHandler));
        }
        catch (Exception error)
        {
            End(activity, topic, null, error, started);
            throw;
        }
    }

    public void Produce(TopicPartition topicPartition, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null)
    {
        ArgumentNullException.ThrowIfNull(topicPartition);
        var (activity, started) = Start(topicPartition.Topic, message);
        try
        {
            inner.Produce(topicPartition, message, OnDelivered(activity, topicPartition.Topic, started, deliveryHandler));
        }
        catch (Exception error)
        {
            End(activity, topicPartition.Topic, null, error, started);
            throw;
        }
    }

    private (Activity? Activity, long Started) Start(string topic, Message<TKey, TValue> message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var activity = tracing ? KafkaTelemetry.StartPublish(topic, message, inner.Name) : null;
        return (activity, Stopwatch.GetTimestamp());
    }

    private void End(Activity? activity, string topic, TopicPartitionOffset? delivered, Exception? error, long started)
    {
        if (metrics || activity is not null)
        {
            KafkaTelemetry.EndPublish(activity, topic, delivered, error, started, metrics);
        }
    }

    private Action<DeliveryReport<TKey, TValue>> OnDelivered(
        Activity? activity, string topic, long started, Action<DeliveryReport<TKey, TValue>>? deliveryHandler) =>
        report =>
        {
            var error = report.Error.IsError ? new ProduceException<TKey, TValue>(report.Error, report) : null;
            End(activity, topic, report.TopicPartitionOffset, error, started);
            deliveryHandler?.Invoke(report);
        };

    public int AddBrokers(string brokers) => inner.AddBrokers(brokers);

    public void SetSaslCredentials(string username, string password) => inner.SetSaslCredentials(username, password);

    public int Poll(TimeSpan timeout) => inner.Poll(timeout);

    public int Flush(TimeSpan timeout) => inner.Flush(timeout);

    public void Flush(CancellationToken cancellationToken = default) => inner.Flush(cancellationToken);

    public void InitTransactions(TimeSpan timeout) => inner.InitTransactions(timeout);

    public void BeginTransaction() => inner.BeginTransaction();

    public void CommitTransaction(TimeSpan timeout) => inner.CommitTransaction(timeout);

    public void CommitTransaction() => inner.CommitTransaction();

    public void AbortTransaction(TimeSpan timeout) => inner.AbortTransaction(timeout);

    public void AbortTransaction() => inner.AbortTransaction();

    public void SendOffsetsToTransaction(IEnumerable<TopicPartitionOffset> offsets, IConsumerGroupMetadata groupMetadata, TimeSpan timeout)
        => inner.SendOffsetsToTransaction(offsets, groupMetadata, timeout);

    public void Dispose() => inner.Dispose();
}
