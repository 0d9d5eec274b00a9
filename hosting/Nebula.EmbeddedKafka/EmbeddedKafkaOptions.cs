using System.ComponentModel.DataAnnotations;

namespace Nebula.EmbeddedKafka;

/// <summary>The embedded broker's settings, section <c>Nebula:EmbeddedKafka</c> (the AppHost passes its own section on).</summary>
public sealed class EmbeddedKafkaOptions : IValidatableObject
{
    public const string SectionName = "Nebula:EmbeddedKafka";

    /// <summary>The loopback port clients bootstrap from (the AppHost allocates it).</summary>
    [Range(1, 65_535)]
    public int Port { get; set; }

    [Range(1, 10)]
    public int Brokers { get; set; } = 1;

    /// <summary>The mock's default is 3 s before a new consumer group gets partitions; a dev box wants none.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan GroupInitialRebalanceDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Topics to create at start, with their partition counts: the mock creates none on demand.</summary>
    public Dictionary<string, int> Topics { get; set; } = new(StringComparer.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (topic, partitions) in Topics)
        {
            if (partitions < 1)
            {
                yield return new ValidationResult($"Topic '{topic}' has {partitions} partitions; it needs at least 1.", [nameof(Topics)]);
            }
        }
    }
}
