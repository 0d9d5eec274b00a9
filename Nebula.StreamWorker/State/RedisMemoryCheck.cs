using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Nebula.StreamWorker.State;

/// <summary>
/// Whether the Redis that holds the worker's state can drop it or is about to refuse it (its <c>INFO memory</c>). With a
/// memory limit and a policy that evicts keys, Redis treats profiles, lists, transitions and the worker's record of
/// what it applied as a cache and drops them when full; under <c>noeviction</c> (Redis's default) a full Redis refuses
/// every write instead, and the worker retries each batch until it has room, losing nothing. So the health is Degraded
/// with an evicting policy, and when used memory is within a tenth of the limit. Servers that report no limit (Garnet
/// among them) or do not allow <c>INFO</c> are not judged. A full Redis's refusal reaches the worker as
/// <c>EXECABORT</c>, which names no reason; this check does.
/// </summary>
public sealed class RedisMemoryCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public const string Name = "StreamWorker.RedisMemory";

    /// <summary>The share of <c>maxmemory</c> from which a Redis that never evicts is reported as nearly full.</summary>
    public const double NearlyFull = 0.9;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        string info;
        try
        {
            // Through Execute: IServer.Info needs the client's admin mode, which the worker's connection has no other use for.
            info = (string?)await redis.GetDatabase().ExecuteAsync("INFO", "memory") ?? "";
        }
        catch (RedisServerException error)
        {
            // A managed Redis may refuse INFO (an ACL without it): nothing to judge by.
            return HealthCheckResult.Healthy($"Redis's memory settings could not be read ({error.Message}).");
        }

        return Assess(Fields(info));
    }

    /// <summary>The <c>field:value</c> lines of an <c>INFO</c> reply (its <c># Section</c> lines and blank lines left out).</summary>
    public static Dictionary<string, string> Fields(string info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in info.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (!line.StartsWith('#') && colon > 0)
            {
                fields.TryAdd(line[..colon], line[(colon + 1)..]);
            }
        }

        return fields;
    }

    /// <summary>The judgement on the fields of <c>INFO memory</c> (<c>maxmemory</c>, <c>maxmemory_policy</c>, <c>used_memory</c>).</summary>
    public static HealthCheckResult Assess(IReadOnlyDictionary<string, string> memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        if (Number(memory, "maxmemory") is not { } limit || limit == 0)
        {
            return HealthCheckResult.Healthy("Redis has no memory limit.");
        }

        var policy = memory.GetValueOrDefault("maxmemory_policy");
        if (policy is not null && policy != "noeviction")
        {
            return HealthCheckResult.Degraded(
                $"Redis evicts keys when it reaches its memory limit (maxmemory-policy {policy}, maxmemory {MiB(limit)}): shoppers' profiles and lists " +
                "and the worker's record of the events it applied are not a cache. Set maxmemory-policy to noeviction, and give Redis the memory " +
                "the state needs.");
        }

        if (Number(memory, "used_memory") is { } used && used >= NearlyFull * limit)
        {
            var share = string.Create(CultureInfo.InvariantCulture, $"{MiB(used)} of its {MiB(limit)} limit ({100.0 * used / limit:0}%)");
            return HealthCheckResult.Degraded(used >= limit
                ? $"Redis is full: it uses {share} and refuses the worker's writes (EXECABORT). The events wait in the topic until it has room."
                : $"Redis is nearly full: it uses {share}. When full it refuses the worker's writes, and the events wait in the topic until it has room.");
        }

        return HealthCheckResult.Healthy();
    }

    private static long? Number(IReadOnlyDictionary<string, string> memory, string field) =>
        memory.TryGetValue(field, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string MiB(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB");
}
