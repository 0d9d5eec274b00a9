using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nebula.AppHost.Infrastructure.Containers;
using Nebula.AppHost.Infrastructure.Embedded;
using Nebula.Core.Contracts;

namespace Nebula.AppHost.Infrastructure;

/// <summary>
/// The three infrastructure resources under their fixed names. Services reach them only through
/// <c>ConnectionStrings:&lt;name&gt;</c>, so nothing downstream knows which mode is running.
/// </summary>
public sealed record NebulaInfrastructure(
    InfrastructureChoice Choice,
    IResourceBuilder<IResourceWithConnectionString> Kafka,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResourceWithConnectionString> Milvus);

public static partial class NebulaInfrastructureExtensions
{
    public static NebulaInfrastructure AddNebulaInfrastructure(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var options = ReadOptions(builder);
        var choice = InfrastructureModeSelector.Select(builder, options);
        builder.Eventing.Subscribe<BeforeStartEvent>((started, _) =>
        {
            var logger = started.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Nebula.AppHost.Infrastructure");
            LogChoice(logger, choice.Mode, choice.Reason);
            if (choice.Warning is not null)
            {
                LogChoiceWarning(logger, choice.Warning);
            }

            return Task.CompletedTask;
        });

        return choice.Mode == InfrastructureMode.Embedded
            ? AddEmbedded(builder, options, choice)
            : AddContainers(builder, options, choice);
    }

    private static NebulaInfrastructure AddContainers(
        IDistributedApplicationBuilder builder, InfrastructureOptions options, InfrastructureChoice choice)
    {
        var kafka = builder.AddRedpanda(ResourceNames.Kafka, options.HealthCheckTimeout)
            .WithTopic(Topics.Interactions, Topics.InteractionsPartitions)
            .WithTopic(Topics.InteractionsDeadLetter, Topics.InteractionsPartitions)
            .WithConsole();
        var redis = builder.AddRedis(ResourceNames.Redis).WithDataVolume();
        var milvus = builder.AddMilvus(ResourceNames.Milvus).WithDataVolume();
        return new(choice, kafka, redis, milvus);
    }

    private static NebulaInfrastructure AddEmbedded(
        IDistributedApplicationBuilder builder, InfrastructureOptions options, InfrastructureChoice choice)
    {
        var dataDirectory = Path.GetFullPath(options.DataDirectory, builder.AppHostDirectory);
        var kafka = builder.AddEmbeddedKafka(ResourceNames.Kafka, options.EmbeddedKafka, options.HealthCheckTimeout)
            .WithTopic(Topics.Interactions, Topics.InteractionsPartitions)
            .WithTopic(Topics.InteractionsDeadLetter, Topics.InteractionsPartitions);
        var redis = builder.AddEmbeddedRedis(ResourceNames.Redis, Path.Combine(dataDirectory, ResourceNames.Redis), options.EmbeddedRedis, options.HealthCheckTimeout);

        var milvus = builder.AddEmbeddedMilvus(ResourceNames.Milvus, Path.Combine(dataDirectory, ResourceNames.Milvus), options.EmbeddedMilvus, options.HealthCheckTimeout);
        return new(choice, kafka, redis, milvus);
    }

    private static InfrastructureOptions ReadOptions(IDistributedApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var options = configuration.GetSection(InfrastructureOptions.SectionName).Get<InfrastructureOptions>() ?? new();
        if (configuration[InfrastructureModeSelector.CommandLineKey] is { } mode)
        {
            options.Infrastructure = Enum.TryParse<InfrastructureMode>(mode, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new ArgumentException(
                    $"--{InfrastructureModeSelector.CommandLineKey} must be containers, embedded or auto; it was '{mode}'.");
        }

        Validate(options, InfrastructureOptions.SectionName);
        Validate(options.EmbeddedKafka, $"{InfrastructureOptions.SectionName}:{nameof(options.EmbeddedKafka)}");
        Validate(options.EmbeddedRedis, $"{InfrastructureOptions.SectionName}:{nameof(options.EmbeddedRedis)}");
        Validate(options.EmbeddedMilvus, $"{InfrastructureOptions.SectionName}:{nameof(options.EmbeddedMilvus)}");
        return options;
    }

    private static void Validate(object options, string section)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new InvalidOperationException(
                $"Invalid configuration in '{section}': {string.Join("; ", results.Select(r => r.ErrorMessage))}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Infrastructure mode: {Mode} ({Reason}).")]
    private static partial void LogChoice(ILogger logger, InfrastructureMode mode, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogChoiceWarning(ILogger logger, string warning);
}
