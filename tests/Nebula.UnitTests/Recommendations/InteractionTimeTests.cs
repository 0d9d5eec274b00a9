using Nebula.Core.Contracts;

namespace Nebula.UnitTests.Recommendations;

public class InteractionTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan ClockError = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(30);

    [Theory]
    [InlineData(0)]
    [InlineData(299)]
    [InlineData(-29 * 24 * 3600)]
    public void A_time_within_the_clock_error_and_the_age_limit_is_accepted(int secondsFromNow)
    {
        Assert.Null(InteractionRules.OccurredAtProblem(Now.AddSeconds(secondsFromNow), Now, ClockError, MaxAge));
    }

    [Fact]
    public void A_time_beyond_the_clock_error_is_refused_saying_how_far_ahead_it_is()
    {
        Assert.Equal(
            "occurredAt 2026-12-01T12:10:00.0000000+00:00 is 600 s in the future; at most 300 s of clock error is accepted.",
            InteractionRules.OccurredAtProblem(Now.AddMinutes(10), Now, ClockError, MaxAge));
    }

    [Fact]
    public void A_time_older_than_the_age_limit_is_refused()
    {
        Assert.Contains("older than 30 days", InteractionRules.OccurredAtProblem(Now.AddDays(-31), Now, ClockError, MaxAge), StringComparison.Ordinal);
    }

    [Fact]
    public void The_far_future_that_would_overflow_popularity_is_refused()
    {
        Assert.NotNull(InteractionRules.OccurredAtProblem(DateTimeOffset.MaxValue, Now, ClockError, MaxAge));
    }
}
