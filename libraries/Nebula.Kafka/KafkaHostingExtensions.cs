using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nebula.Kafka;
using Nebula.Kafka.Topics;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Our Kafka client integration, in the shape of Aspire.Confluent.Kafka (which is not available to us):
/// each <c>Add…</c> registers the client, its health check, its ActivitySource and its Meter.
/// </summary>
public static partial class KafkaHostingExtensions
{
    public const string ProducerSectionName = "Aspire:Confluent:Kafka:Producer";
    public const string ConsumerSectionName = "Aspire:Confluent:Kafka:Consumer";
    public const string AdminSectionName = "Aspire:Confluent:Kafka:Admin";

    /// <summary>
    /// Settings every client takes before its own section: the place for a cluster's security settings
    /// (<c>Config:SecurityProtocol</c>, <c>Config:SaslMechanism</c>, …), given once for the producer, consumer and admin client.
    /// </summary>
    public const string CommonSectionName = "Aspire:Confluent:Kafka";
    private const string LoggerCategory = "Nebula.Kafka";

    /// <summary>Registers an instrumented <see cref="IProducer{TKey,TValue}"/> singleton for <paramref name="connectionName"/>.</summary>
    public static void AddKafkaProducer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<KafkaProducerSettings>? configureSettings = null,
        Action<IServiceProvider, ProducerBuilder<TKey, TValue>>? configureBuilder = null)
        => AddProducer(builder, connectionName, serviceKey: null, configureSettings, configureBuilder);

    /// <summary>Registers an instrumented <see cref="IProducer{TKey,TValue}"/> keyed by <paramref name="name"/>.</summary>
    public static void AddKeyedKafkaProducer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string name,
        Action<KafkaProducerSettings>? configureSettings = null,
        Action<IServiceProvider, ProducerBuilder<TKey, TValue>>? configureBuilder = null)
        => AddProducer(builder, name, serviceKey: name, configureSettings, configureBuilder);

    /// <summary>Registers an instrumented <see cref="IConsumer{TKey,TValue}"/> singleton for <paramref name="connectionName"/>.</summary>
    public static void AddKafkaConsumer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<KafkaConsumerSettings>? configureSettings = null,
        Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? configureBuilder = null)
        => AddConsumer(builder, connectionName, serviceKey: null, configureSettings, configureBuilder);

    /// <summary>Registers an instrumented <see cref="IConsumer{TKey,TValue}"/> keyed by <paramref name="name"/>.</summary>
    public static void AddKeyedKafkaConsumer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string name,
        Action<KafkaConsumerSettings>? configureSettings = null,
        Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? configureBuilder = null)
        => AddConsumer(builder, name, serviceKey: name, configureSettings, configureBuilder);

    /// <summary>
    /// Makes sure <paramref name="topics"/> exist: created with the partitions and retention of
    /// <see cref="KafkaTopicOptions"/> when missing, left as they are (and reported) when found. The check runs beside
    /// the host's start; <see cref="KafkaTopics"/> (registered here) says when it is done, and the health check
    /// <c>Kafka.Topics</c> is unhealthy until then.
    /// </summary>
    public static void AddKafkaTopics(this IHostApplicationBuilder builder, string connectionName, params string[] topics)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);
        ArgumentNullException.ThrowIfNull(topics);

        var settings = ReadSettings<KafkaAdminSettings, AdminClientConfig>(builder, connectionName, AdminSectionName, configure: null);
        builder.Services.AddOptions<KafkaTopicOptions>().BindConfiguration(KafkaTopicOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<KafkaTopics>();
        builder.Services.AddHostedService(services => new KafkaTopicInitializer(
            settings.Config,
            topics,
            services.GetRequiredService<KafkaTopics>(),
            services.GetRequiredService<IOptions<KafkaTopicOptions>>(),
            services.GetRequiredService<ILogger<KafkaTopicInitializer>>()));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            "Kafka.Topics",
            services => new KafkaTopicsHealthCheck(services.GetRequiredService<KafkaTopics>(), topics),
            failureStatus: default,
            tags: null));
    }

    private static void AddProducer<TKey, TValue>(
        IHostApplicationBuilder builder,
        string connectionName,
        string? serviceKey,
        Action<KafkaProducerSettings>? configureSettings,
        Action<IServiceProvider, ProducerBuilder<TKey, TValue>>? configureBuilder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = ReadSettings<KafkaProducerSettings, ProducerConfig>(
            builder, connectionName, ProducerSectionName, configureSettings);

        IProducer<TKey, TValue> Create(IServiceProvider services)
        {
            var producerBuilder = new ProducerBuilder<TKey, TValue>(settings.Config);
            configureBuilder?.Invoke(services, producerBuilder);
            TrySetLogHandler(services, handler => producerBuilder.SetLogHandler(handler));
            return new InstrumentedProducer<TKey, TValue>(
                producerBuilder.Build(), tracing: !settings.DisableTracing, metrics: !settings.DisableMetrics);
        }

        if (serviceKey is null)
        {
            builder.Services.AddSingleton(Create);
        }
        else
        {
            builder.Services.AddKeyedSingleton(serviceKey, (services, _) => Create(services));
        }

        AddTelemetryAndHealthCheck(builder, settings, "Producer", connectionName, serviceKey);
    }

    private static void AddConsumer<TKey, TValue>(
        IHostApplicationBuilder builder,
        string connectionName,
        string? serviceKey,
        Action<KafkaConsumerSettings>? configureSettings,
        Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? configureBuilder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = ReadSettings<KafkaConsumerSettings, ConsumerConfig>(
            builder, connectionName, ConsumerSectionName, configureSettings);

        IConsumer<TKey, TValue> Create(IServiceProvider services)
        {
            var consumerBuilder = new ConsumerBuilder<TKey, TValue>(settings.Config);
            configureBuilder?.Invoke(services, consumerBuilder);
            TrySetLogHandler(services, handler => consumerBuilder.SetLogHandler(handler));
            return new InstrumentedConsumer<TKey, TValue>(
                consumerBuilder.Build(), settings.Config.GroupId, metrics: !settings.DisableMetrics);
        }

        if (serviceKey is null)
        {
            builder.Services.AddSingleton(Create);
        }
        else
        {
            builder.Services.AddKeyedSingleton(serviceKey, (services, _) => Create(services));
        }

        AddTelemetryAndHealthCheck(builder, settings, "Consumer", connectionName, serviceKey);
    }

    private static TSettings ReadSettings<TSettings, TConfig>(
        IHostApplicationBuilder builder, string connectionName, string sectionName, Action<TSettings>? configure)
        where TSettings : KafkaClientSettings<TConfig>, new()
        where TConfig : ClientConfig, new()
    {
        var settings = new TSettings();
        settings.Bind(builder.Configuration.GetSection(CommonSectionName));
        settings.Bind(builder.Configuration.GetSection(sectionName));
        settings.Bind(builder.Configuration.GetSection($"{sectionName}:{connectionName}"));
        if (builder.Configuration.GetConnectionString(connectionName) is { } connectionString)
        {
            settings.ConnectionString = connectionString;
        }

        configure?.Invoke(settings);
        settings.Validate(connectionName, sectionName);
        return settings;
    }

    private static void AddTelemetryAndHealthCheck<TConfig>(
        IHostApplicationBuilder builder, KafkaClientSettings<TConfig> settings, string role, string connectionName, string? serviceKey)
        where TConfig : ClientConfig, new()
    {
        if (!settings.DisableTracing)
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(KafkaTelemetry.ActivitySourceName));
        }

        if (!settings.DisableMetrics)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(KafkaTelemetry.MeterName));
        }

        if (settings.DisableHealthChecks)
        {
            return;
        }

        var checkName = serviceKey is null ? $"Kafka.{role}" : $"Kafka.{role}_{connectionName}";
        var guard = $"Nebula.HealthChecks.{checkName}";
        if (builder.Properties.ContainsKey(guard))
        {
            return;
        }

        builder.Properties[guard] = true;
        var config = settings.Config;
        var timeout = settings.HealthCheckTimeout;
        // Keyed by check name so that the container owns (and disposes) one check per client.
        builder.Services.AddKeyedSingleton(checkName, (_, _) => new KafkaHealthCheck(config, timeout));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            checkName,
            services => services.GetRequiredKeyedService<KafkaHealthCheck>(checkName),
            failureStatus: default,
            tags: null));
    }

    private static void TrySetLogHandler(IServiceProvider services, Action<Action<IClient, LogMessage>> setHandler)
    {
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(LoggerCategory);
        if (logger is null)
        {
            return;
        }

        try
        {
            setHandler((_, message) =>
            {
                var level = (LogLevel)message.LevelAs(LogLevelType.MicrosoftExtensionsLogging);
                if (logger.IsEnabled(level))
                {
                    LogClientMessage(logger, level, message.Facility, message.Message, message.Name);
                }
            });
        }
        catch (InvalidOperationException)
        {
            // configureBuilder already set a log handler of its own; keep it.
        }
    }

    [LoggerMessage(Message = "{KafkaFacility} {KafkaMessage} ({KafkaClient})")]
    private static partial void LogClientMessage(ILogger logger, LogLevel level, string kafkaFacility, string kafkaMessage, string kafkaClient);
}
