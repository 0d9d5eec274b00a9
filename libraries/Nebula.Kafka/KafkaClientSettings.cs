using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;

namespace Nebula.Kafka;

/// <summary>
/// Settings shared by the producer and consumer integrations. Bound from
/// <c>Aspire:Confluent:Kafka:{Producer|Consumer}</c>, then <c>…:{connectionName}</c>, then
/// <c>ConnectionStrings:{connectionName}</c> (the bootstrap servers), the same keys as Aspire.Confluent.Kafka
/// so that either integration can replace the other.
/// </summary>
public abstract class KafkaClientSettings<TConfig> where TConfig : ClientConfig, new()
{
    /// <summary>The bootstrap servers, usually from <c>ConnectionStrings:{name}</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>librdkafka configuration; keys in <c>Config</c> may be property names or librdkafka names.</summary>
    public TConfig Config { get; } = new();

    public bool DisableHealthChecks { get; set; }

    public bool DisableTracing { get; set; }

    public bool DisableMetrics { get; set; }

    /// <summary>How long the health check waits for the cluster's metadata.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    internal void Bind(IConfigurationSection section)
    {
        if (section["ConnectionString"] is { } connectionString)
        {
            ConnectionString = connectionString;
        }

        DisableHealthChecks = section.GetValue(nameof(DisableHealthChecks), DisableHealthChecks);
        DisableTracing = section.GetValue(nameof(DisableTracing), DisableTracing);
        DisableMetrics = section.GetValue(nameof(DisableMetrics), DisableMetrics);
        HealthCheckTimeout = section.GetValue(nameof(HealthCheckTimeout), HealthCheckTimeout);
        BindConfig(section.GetSection(nameof(Config)), Config);
    }

    internal virtual void Validate(string connectionName, string sectionName)
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            Config.BootstrapServers = ConnectionString;
        }

        if (string.IsNullOrWhiteSpace(Config.BootstrapServers))
        {
            throw new InvalidOperationException(
                $"Kafka client '{connectionName}' has no bootstrap servers: set 'ConnectionStrings:{connectionName}' " +
                $"or '{sectionName}:Config:BootstrapServers'.");
        }

        if (HealthCheckTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException(
                $"'{sectionName}:{nameof(HealthCheckTimeout)}' must be positive; it is {HealthCheckTimeout}.");
        }
    }

    /// <summary>
    /// Binds the <c>Config</c> section by hand: <see cref="ClientConfig"/> is an enumerable of pairs, which
    /// ConfigurationBinder treats as a collection rather than an object (dotnet/runtime#96652).
    /// </summary>
    private static void BindConfig(IConfigurationSection section, TConfig config)
    {
        foreach (var entry in section.GetChildren())
        {
            if (entry.Value is null)
            {
                continue;
            }

            var property = typeof(TConfig).GetProperty(
                entry.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is { CanWrite: true })
            {
                var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                var value = type.IsEnum
                    ? Enum.Parse(type, entry.Value, ignoreCase: true)
                    : TypeDescriptor.GetConverter(type).ConvertFromString(null, CultureInfo.InvariantCulture, entry.Value);
                property.SetValue(config, value);
            }
            else
            {
                // A librdkafka property name such as "socket.timeout.ms".
                config.Set(entry.Key, entry.Value);
            }
        }
    }
}
