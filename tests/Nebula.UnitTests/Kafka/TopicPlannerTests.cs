using Nebula.Kafka.Topics;

namespace Nebula.UnitTests.Kafka;

public class TopicPlannerTests
{
    private static readonly TopicRequirement Interactions = new("interactions", 8, -1, TimeSpan.FromDays(7));
    private static readonly TopicRequirement DeadLetters = new("interactions.dlq", 8, -1, TimeSpan.FromDays(7));

    [Fact]
    public void Missing_topics_are_created()
    {
        var plan = TopicPlanner.Plan([Interactions, DeadLetters], new Dictionary<string, int>());

        Assert.Equal([Interactions, DeadLetters], plan.ToCreate);
        Assert.Empty(plan.Found);
    }

    [Fact]
    public void Existing_topics_are_left_alone_and_reported_with_their_partitions()
    {
        var plan = TopicPlanner.Plan([Interactions, DeadLetters], new Dictionary<string, int> { ["interactions"] = 8, ["interactions.dlq"] = 8 });

        Assert.Empty(plan.ToCreate);
        Assert.Equal(["interactions", "interactions.dlq"], plan.Found.Select(f => f.Requirement.Name));
        Assert.All(plan.Found, f => Assert.False(f.PartitionsDiffer));
    }

    [Fact]
    public void A_topic_with_other_partitions_is_left_alone_and_its_difference_reported()
    {
        var plan = TopicPlanner.Plan([Interactions], new Dictionary<string, int> { ["interactions"] = 1 });

        Assert.Empty(plan.ToCreate);
        var finding = Assert.Single(plan.Found);
        Assert.True(finding.PartitionsDiffer);
        Assert.Equal(1, finding.Partitions);
    }

    [Fact]
    public void Only_the_missing_one_of_two_is_created()
    {
        var plan = TopicPlanner.Plan([Interactions, DeadLetters], new Dictionary<string, int> { ["interactions"] = 8, ["other"] = 3 });

        Assert.Equal([DeadLetters], plan.ToCreate);
        Assert.Equal("interactions", Assert.Single(plan.Found).Requirement.Name);
    }

    [Fact]
    public void A_created_topic_carries_the_configured_retention_in_milliseconds()
    {
        Assert.Equal("604800000", TopicPlanner.CreateConfigs(Interactions)["retention.ms"]);
        Assert.Empty(TopicPlanner.CreateConfigs(Interactions with { Retention = null }));
    }

    [Theory]
    [InlineData("604800000", null)]
    [InlineData("86400000", "keeps events 1.00:00:00 (retention.ms 86400000); configured 7.00:00:00 (604800000)")]
    [InlineData("-1", "keeps events forever (retention.ms -1); configured 604800000 (7.00:00:00)")]
    [InlineData(null, null)]
    public void A_found_topics_retention_is_compared_with_the_setting(string? retentionMs, string? difference)
    {
        Assert.Equal(difference, TopicPlanner.RetentionDifference(Interactions, retentionMs));
    }

    [Fact]
    public void Retention_is_not_compared_when_the_brokers_default_is_wanted()
    {
        Assert.Null(TopicPlanner.RetentionDifference(Interactions with { Retention = null }, "1000"));
    }
}
