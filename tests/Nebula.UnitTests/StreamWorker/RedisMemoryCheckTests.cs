using Microsoft.Extensions.Diagnostics.HealthChecks;
using Nebula.StreamWorker.State;

namespace Nebula.UnitTests.StreamWorker;

/// <summary>The judgement on Redis's <c>INFO memory</c> fields; the test against a real redis-server is in the integration tests.</summary>
public class RedisMemoryCheckTests
{
    [Fact]
    public void A_redis_without_a_memory_limit_is_healthy_whatever_its_policy()
    {
        var result = RedisMemoryCheck.Assess(Fields(limit: 0, "allkeys-lru", used: 5_000_000));

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Theory]
    [InlineData("allkeys-lru")]
    [InlineData("volatile-ttl")]
    public void A_limit_with_a_policy_that_evicts_degrades_the_health_naming_the_policy(string policy)
    {
        var result = RedisMemoryCheck.Assess(Fields(limit: 100L << 20, policy, used: 1_000_000));

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains($"maxmemory-policy {policy}, maxmemory 100 MiB", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_redis_that_never_evicts_is_healthy_below_nine_tenths_of_its_limit()
    {
        var result = RedisMemoryCheck.Assess(Fields(limit: 100L << 20, "noeviction", used: 89L << 20));

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public void A_redis_that_never_evicts_is_reported_nearly_full_from_nine_tenths_of_its_limit()
    {
        var result = RedisMemoryCheck.Assess(Fields(limit: 100L << 20, "noeviction", used: 95L << 20));

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("nearly full: it uses 95 MiB of its 100 MiB limit (95%)", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_redis_that_never_evicts_is_reported_full_at_its_limit_with_the_refusal_the_worker_sees()
    {
        var result = RedisMemoryCheck.Assess(Fields(limit: 1L << 20, "noeviction", used: 2L << 20));

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("Redis is full: it uses 2 MiB of its 1 MiB limit (200%) and refuses the worker's writes (EXECABORT)", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_that_reports_no_memory_fields_is_not_judged()
    {
        Assert.Equal(HealthStatus.Healthy, RedisMemoryCheck.Assess(new Dictionary<string, string>()).Status);
    }

    [Fact]
    public void The_fields_are_read_from_the_lines_of_an_info_reply()
    {
        var fields = RedisMemoryCheck.Fields("# Memory\r\nused_memory:1048576\r\nused_memory_human:1.00M\r\nmaxmemory:0\r\nmaxmemory_policy:noeviction\r\n\r\n");

        Assert.Equal("1048576", fields["used_memory"]);
        Assert.Equal("noeviction", fields["maxmemory_policy"]);
        Assert.Equal(4, fields.Count);
    }

    private static Dictionary<string, string> Fields(long limit, string policy, long used) => new()
    {
        ["maxmemory"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["maxmemory_policy"] = policy,
        ["used_memory"] = used.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
