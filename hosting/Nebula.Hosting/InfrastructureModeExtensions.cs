using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nebula.Hosting;

public static partial class InfrastructureModeExtensions
{
    /// <summary>The command-line switch, <c>--infra containers|embedded|external|auto</c>.</summary>
    public const string CommandLineKey = "infra";

    /// <summary>Aspire's own setting for which container runtime to use (docker by default, or podman).</summary>
    private const string ContainerRuntimeKey = "ASPIRE_CONTAINER_RUNTIME";
    private const string DefaultContainerRuntime = "docker";

    /// <summary>
    /// Reads and validates the <c>Nebula</c> section and <c>--infra</c>, and chooses the mode: publishing describes
    /// containers, or connection-string parameters with <c>external</c>; <c>auto</c> asks the container runtime
    /// (<c>docker info</c>). The choice and why are logged at start.
    /// </summary>
    public static InfrastructureChoice ChooseInfrastructureMode(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var choice = Choose(builder, ReadOptions(builder));
        builder.Eventing.Subscribe<BeforeStartEvent>((started, _) =>
        {
            var logger = started.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Nebula.Hosting.Infrastructure");
            LogChoice(logger, choice.Mode, choice.Reason);
            if (choice.Warning is not null)
            {
                LogChoiceWarning(logger, choice.Warning);
            }

            return Task.CompletedTask;
        });
        return choice;
    }

    private static InfrastructureChoice Choose(IDistributedApplicationBuilder builder, InfrastructureOptions options)
    {
        var chosen = $"chosen with --{CommandLineKey} or {InfrastructureOptions.SectionName}:{nameof(InfrastructureOptions.Infrastructure)}";
        if (options.Infrastructure == InfrastructureMode.External)
        {
            return new(InfrastructureMode.External, chosen, options);
        }

        if (builder.ExecutionContext.IsPublishMode)
        {
            return new(InfrastructureMode.Containers, "publishing describes deployable containers; embedded servers exist only for a running AppHost", options);
        }

        if (options.Infrastructure == InfrastructureMode.Embedded)
        {
            return new(InfrastructureMode.Embedded, chosen, options);
        }

        var runtime = builder.Configuration[ContainerRuntimeKey] is { Length: > 0 } configured ? configured : DefaultContainerRuntime;
        var unavailable = ProbeContainerRuntime(runtime, options.ContainerRuntimeProbeTimeout);
        if (options.Infrastructure == InfrastructureMode.Containers)
        {
            // Honour the choice, but say up front why nothing will start rather than let the containers wait silently.
            return new(InfrastructureMode.Containers, chosen, options, unavailable is null ? null
                : $"Container runtime '{runtime}' did not answer ({unavailable}): the containers cannot start. Use --{CommandLineKey} embedded to run without one.");
        }

        return unavailable is null
            ? new(InfrastructureMode.Containers, $"auto: container runtime '{runtime}' answered", options)
            : new(InfrastructureMode.Embedded, $"auto: container runtime '{runtime}' did not answer ({unavailable})", options);
    }

    private static InfrastructureOptions ReadOptions(IDistributedApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var options = configuration.GetSection(InfrastructureOptions.SectionName).Get<InfrastructureOptions>() ?? new();
        if (configuration[CommandLineKey] is { } mode)
        {
            options.Infrastructure = Enum.TryParse<InfrastructureMode>(mode, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new ArgumentException($"--{CommandLineKey} must be containers, embedded, external or auto; it was '{mode}'.");
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new InvalidOperationException(
                $"Invalid configuration in '{InfrastructureOptions.SectionName}': {string.Join("; ", results.Select(r => r.ErrorMessage))}");
        }

        return options;
    }

    /// <summary>Runs <c>{runtime} info</c>; returns null when the runtime's engine answered, else why not.</summary>
    private static string? ProbeContainerRuntime(string runtime, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(runtime, "info")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return "it could not be started";
            }

            // Drain both pipes so that a chatty runtime cannot block on a full buffer.
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return $"no answer within {timeout.TotalSeconds:0} s";
            }

            return process.ExitCode == 0 ? null : $"'{runtime} info' exited with code {process.ExitCode}";
        }
        catch (Win32Exception error)
        {
            return $"'{runtime}' is not installed: {error.Message}";
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Infrastructure mode: {Mode} ({Reason}).")]
    private static partial void LogChoice(ILogger logger, InfrastructureMode mode, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogChoiceWarning(ILogger logger, string warning);
}
