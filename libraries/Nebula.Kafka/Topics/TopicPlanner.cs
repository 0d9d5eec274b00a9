using System.Globalization;

namespace Nebula.Kafka.Topics;

/// <summary>The decision behind topic provisioning, without I/O: create what is missing, leave what exists.</summary>
public static class TopicPlanner
{
    public static TopicPlan Plan(IEnumerable<TopicRequirement> required, IReadOnlyDictionary<string, int> existingPartitions)
    {
        ArgumentNullException.ThrowIfNull(required);
        ArgumentNullException.ThrowIfNull(existingPartitions);

        var toCreate = new List<TopicRequirement>();
        var found = new List<TopicFinding>();
        foreach (var requirement in required)
        {
            if (existingPartitions.TryGetValue(requirement.Name, out var partitions))
            {
                found.Add(new TopicFinding(requirement, partitions));
            }
            else
            {
                toCreate.Add(requirement);
            }
        }

        return new TopicPlan(toCreate, found);
    }

    /// <summary>
    /// Compares a found topic's <c>retention.ms</c> with the setting: null when they agree (or nothing was asked),
    /// else a sentence for the log.
    /// </summary>
    public static string? RetentionDifference(TopicRequirement requirement, string? retentionMs)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        if (requirement.Retention is not { } wanted || retentionMs is null)
        {
            return null;
        }

        var wantedMs = (long)wanted.TotalMilliseconds;
        if (!long.TryParse(retentionMs, NumberStyles.Integer, CultureInfo.InvariantCulture, out var actualMs))
        {
            return $"retention.ms is '{retentionMs}', not a number; configured {wantedMs}";
        }

        return actualMs == wantedMs
            ? null
            : actualMs < 0
                ? $"keeps events forever (retention.ms {actualMs}); configured {wantedMs} ({wanted})"
                : $"keeps events {TimeSpan.FromMilliseconds(actualMs)} (retention.ms {actualMs}); configured {wanted} ({wantedMs})";
    }

    /// <summary>The topic settings sent with a create request.</summary>
    public static Dictionary<string, string> CreateConfigs(TopicRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        return requirement.Retention is { } retention
            ? new() { ["retention.ms"] = ((long)retention.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) }
            : [];
    }
}
