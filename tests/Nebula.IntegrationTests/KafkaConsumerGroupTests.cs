using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Nebula.IntegrationTests;

/// <summary>Our producer and consumer integrations against the embedded broker, as two separate clients.</summary>
public class KafkaConsumerGroupTests(EmbeddedAppHostFixture fixture)
{
    private const string Topic = "interactions";
    private const int MessageCount = 1_000;
    private const int Users = 50;
    private const int FirstConsumerTakes = 400;
    private static readonly TimeSpan ConsumeDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_new_consumer_in_the_group_resumes_after_the_committed_offsets_with_nothing_lost_or_repeated()
    {
        var bootstrap = await fixture.ConnectionStringAsync("kafka");
        var group = $"resume-test-{Guid.NewGuid():N}";
        var cancellation = TestContext.Current.CancellationToken;

        var produced = await ProduceKeyedMessagesAsync(bootstrap, cancellation);

        // First consumer: take part of the stream, commit what it processed, leave the group.
        var first = new List<ConsumeResult<string, string>>();
        List<TopicPartitionOffset> committed;
        using (var host = ConsumerHost(bootstrap, group))
        {
            var consumer = host.Services.GetRequiredService<IConsumer<string, string>>();
            consumer.Subscribe(Topic);
            ConsumeInto(first, consumer, () => first.Count >= FirstConsumerTakes, cancellation);
            committed = consumer.Commit();
            consumer.Close();
        }

        // Second consumer, a new client in the same group: it must start exactly where the first committed.
        var second = new List<ConsumeResult<string, string>>();
        using (var host = ConsumerHost(bootstrap, group))
        {
            var consumer = host.Services.GetRequiredService<IConsumer<string, string>>();
            consumer.Subscribe(Topic);
            ConsumeInto(second, consumer, () => first.Count + second.Count >= produced.Count, cancellation);
            consumer.Close();
        }

        Assert.Equal(FirstConsumerTakes, first.Count);
        var all = first.Concat(second).Select(r => r.TopicPartitionOffset).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(produced.Order(PartitionOffsetComparer.Instance), all.Order(PartitionOffsetComparer.Instance));

        foreach (var resumed in second.GroupBy(r => r.Partition))
        {
            // A partition the first consumer got nothing from has no committed offset: it starts at the beginning.
            var commit = committed.SingleOrDefault(c => c.Partition == resumed.Key && !c.Offset.IsSpecial);
            var expectedStart = commit?.Offset.Value ?? 0;
            Assert.Equal(expectedStart, resumed.Min(r => r.Offset.Value));
        }

        // Keyed messages keep their order: each user's sequence numbers arrive ascending.
        foreach (var user in first.Concat(second).GroupBy(r => r.Message.Key))
        {
            var sequence = user.Select(r => int.Parse(r.Message.Value.Split(':')[1], CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(sequence.Order(), sequence);
        }
    }

    private static async Task<List<TopicPartitionOffset>> ProduceKeyedMessagesAsync(string bootstrap, CancellationToken cancellation)
    {
        using var host = KafkaClientHost.Create(bootstrap, builder => builder.AddKafkaProducer<string, string>("kafka"));
        var producer = host.Services.GetRequiredService<IProducer<string, string>>();

        // All in flight at once; per key they are still sent, and so stored, in call order.
        var deliveries = Enumerable.Range(0, MessageCount)
            .Select(i => producer.ProduceAsync(Topic, new Message<string, string>
            {
                Key = $"user-{i % Users}",
                Value = $"user-{i % Users}:{i / Users}",
            }, cancellation))
            .ToList();
        var results = await Task.WhenAll(deliveries);

        Assert.All(results, r => Assert.Equal(PersistenceStatus.Persisted, r.Status));
        return [.. results.Select(r => r.TopicPartitionOffset)];
    }

    private static IHost ConsumerHost(string bootstrap, string group) =>
        KafkaClientHost.Create(bootstrap, builder => builder.AddKafkaConsumer<string, string>("kafka", settings =>
        {
            settings.Config.GroupId = group;
            settings.Config.AutoOffsetReset = AutoOffsetReset.Earliest;
            settings.Config.EnableAutoCommit = false;
            // librdkafka's mock cluster answers LeaveGroup but keeps the departed member until its session
            // expires, so the next member's assignment waits that long; 6 s is the smallest Kafka allows.
            settings.Config.SessionTimeoutMs = 6000;
        }));

    private static void ConsumeInto(
        List<ConsumeResult<string, string>> received, IConsumer<string, string> consumer, Func<bool> done, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + ConsumeDeadline;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for messages.");
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } result)
            {
                received.Add(result);
            }

            cancellation.ThrowIfCancellationRequested();
        }
    }

    private sealed class PartitionOffsetComparer : IComparer<TopicPartitionOffset>
    {
        public static readonly PartitionOffsetComparer Instance = new();

        public int Compare(TopicPartitionOffset? x, TopicPartitionOffset? y) =>
            (x?.Partition.Value, x?.Offset.Value).CompareTo((y?.Partition.Value, y?.Offset.Value));
    }
}
