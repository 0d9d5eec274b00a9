using Nebula.StreamWorker.Pipeline;

namespace Nebula.UnitTests.StreamWorker;

public sealed class AppliedOffsetRuleTests
{
    [Fact]
    public void The_next_unapplied_offset_needs_no_replay() => Assert.Null(AppliedOffsetRule.ReplayFrom(41, 42, null));

    [Fact]
    public void An_offset_already_applied_needs_no_replay() => Assert.Null(AppliedOffsetRule.ReplayFrom(41, 30, null));

    [Fact]
    public void A_partition_with_no_record_trusts_the_brokers_position() => Assert.Null(AppliedOffsetRule.ReplayFrom(null, 500, null));

    [Fact]
    public void Events_beyond_the_next_unapplied_offset_are_read_again_from_it() => Assert.Equal(42, AppliedOffsetRule.ReplayFrom(41, 60, null));

    [Fact]
    public void A_gap_below_a_known_log_start_is_not_read_again() => Assert.Null(AppliedOffsetRule.ReplayFrom(41, 100, logStart: 100));

    [Fact]
    public void A_gap_above_a_known_log_start_is_read_again_from_the_log_start() => Assert.Equal(100, AppliedOffsetRule.ReplayFrom(41, 120, logStart: 100));
}
