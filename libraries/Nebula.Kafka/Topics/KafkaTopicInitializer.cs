using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Nebula.Kafka.Topics;

/// <summary>
/// Makes sure the application's topics exist: creates what is missing with the configured partitions and retention,
/// leaves what exists as it is and logs how it differs, then marks <see cref="KafkaTopics"/> ready. It runs beside the
/// host's start and retries until the broker answers, so a service started before its broker serves what needs no
/// broker, and produces or consumes only once the topics are there (not auto-created with the broker's defaults).
/// </summary>
internal sealed partial class KafkaTopicInitializer(
    AdminClientConfig config,
    IReadOnlyList<string> topics,
    KafkaTopics state,
    IOptions<KafkaTopicOptions> options,
    ILogger<KafkaTopicInitializer> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // GetMetadata blocks its thread for up to the request timeout.
        Task.Run(() => EnsureUntilDoneAsync(stoppingToken), stoppingToken);

    private async Task EnsureUntilDoneAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var required = topics.Select(t => new TopicRequirement(t, settings.Partitions, settings.ReplicationFactor, settings.Retention)).ToList();
        using var admin = new AdminClientBuilder(config).Build();
        // Until the broker answers: 250 ms doubling to 10 s between attempts.
        var retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<KafkaException>(),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(250),
            MaxDelay = TimeSpan.FromSeconds(10),
            OnRetry = arguments =>
            {
                LogRetry(logger, arguments.AttemptNumber + 1, ((KafkaException)arguments.Outcome.Exception!).Error.Reason, arguments.RetryDelay.TotalSeconds);
                return default;
            },
        }).Build();
        var found = await retry.ExecuteAsync(
            token => new ValueTask<IReadOnlyList<TopicFinding>>(EnsureAsync(admin, required, settings, token)), cancellationToken).ConfigureAwait(false);
        state.MarkReady();
        if (found.Count > 0)
        {
            // Not every broker answers DescribeConfigs (librdkafka's mock has no controller), so this report never
            // holds up the start.
            _ = ReportRetentionAsync(config, found, settings.RequestTimeout);
        }
    }

    /// <summary>Creates what is missing; returns the topics found, whose retention is then compared.</summary>
    private async Task<IReadOnlyList<TopicFinding>> EnsureAsync(IAdminClient admin, List<TopicRequirement> required, KafkaTopicOptions settings, CancellationToken cancellationToken)
    {
        var plan = TopicPlanner.Plan(required, ExistingPartitions(admin, required, settings.RequestTimeout));
        foreach (var finding in plan.Found)
        {
            if (finding.PartitionsDiffer)
            {
                LogFoundDifferent(logger, finding.Requirement.Name, finding.Partitions, finding.Requirement.Partitions);
            }
            else
            {
                LogFound(logger, finding.Requirement.Name, finding.Partitions);
            }
        }

        if (plan.ToCreate.Count == 0)
        {
            return plan.Found;
        }

        if (!settings.CreateMissing)
        {
            foreach (var missing in plan.ToCreate)
            {
                LogMissingNotCreated(logger, missing.Name, KafkaTopicOptions.SectionName);
            }

            return plan.Found;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var specifications = plan.ToCreate.Select(t => new TopicSpecification
        {
            Name = t.Name,
            NumPartitions = t.Partitions,
            ReplicationFactor = t.ReplicationFactor,
            Configs = TopicPlanner.CreateConfigs(t),
        }).ToList();
        try
        {
            await admin.CreateTopicsAsync(specifications, new CreateTopicsOptions
            {
                RequestTimeout = settings.RequestTimeout,
                OperationTimeout = settings.RequestTimeout,
            }).ConfigureAwait(false);
            foreach (var created in plan.ToCreate)
            {
                LogCreated(logger, created.Name, created.Partitions, created.Retention);
            }
        }
        catch (CreateTopicsException error)
        {
            foreach (var result in error.Results)
            {
                if (result.Error.Code == ErrorCode.TopicAlreadyExists)
                {
                    // Another replica made it between the look and the create: it exists, which is all that matters.
                    LogCreatedElsewhere(logger, result.Topic);
                }
                else if (result.Error.IsError)
                {
                    throw new KafkaException(result.Error);
                }
            }
        }

        return plan.Found;
    }

    private static Dictionary<string, int> ExistingPartitions(IAdminClient admin, List<TopicRequirement> required, TimeSpan timeout)
    {
        var metadata = admin.GetMetadata(timeout);
        var wanted = required.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        return metadata.Topics
            .Where(t => wanted.Contains(t.Topic) && t.Error.Code == ErrorCode.NoError)
            .ToDictionary(t => t.Topic, t => t.Partitions.Count, StringComparer.Ordinal);
    }

    private async Task ReportRetentionAsync(AdminClientConfig adminConfig, IReadOnlyList<TopicFinding> found, TimeSpan timeout)
    {
        try
        {
            using var admin = new AdminClientBuilder(adminConfig).Build();
            var results = await admin.DescribeConfigsAsync(
                found.Select(f => new ConfigResource { Type = ResourceType.Topic, Name = f.Requirement.Name }),
                new DescribeConfigsOptions { RequestTimeout = timeout }).ConfigureAwait(false);
            foreach (var (finding, result) in found.Zip(results))
            {
                var retention = result.Entries.TryGetValue("retention.ms", out var entry) ? entry.Value : null;
                if (TopicPlanner.RetentionDifference(finding.Requirement, retention) is { } difference)
                {
                    LogRetentionDiffers(logger, finding.Requirement.Name, difference);
                }
            }
        }
        catch (KafkaException error)
        {
            LogRetentionUnknown(logger, error.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Topic '{Topic}' found with {Partitions} partitions, as configured; left as it is.")]
    private static partial void LogFound(ILogger logger, string topic, int partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Topic '{Topic}' found with {Partitions} partitions where {Configured} are configured; left as it is (changing partitions would move users between partitions).")]
    private static partial void LogFoundDifferent(ILogger logger, string topic, int partitions, int configured);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Topic '{Topic}' {Difference}; left as it is.")]
    private static partial void LogRetentionDiffers(ILogger logger, string topic, string difference);

    [LoggerMessage(Level = LogLevel.Information, Message = "The topics' retention could not be read ({Reason}); not compared.")]
    private static partial void LogRetentionUnknown(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created topic '{Topic}' with {Partitions} partitions, retention {Retention} (none: the broker's default).")]
    private static partial void LogCreated(ILogger logger, string topic, int partitions, TimeSpan? retention);

    [LoggerMessage(Level = LogLevel.Information, Message = "Topic '{Topic}' was created by another process meanwhile; left as it is.")]
    private static partial void LogCreatedElsewhere(ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Error, Message = "Topic '{Topic}' is missing and {Section}:CreateMissing is false: create it on the cluster.")]
    private static partial void LogMissingNotCreated(ILogger logger, string topic, string section);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Topic check attempt {Attempt} failed ({Reason}); trying again in {Seconds} s.")]
    private static partial void LogRetry(ILogger logger, int attempt, string reason, double seconds);
}
