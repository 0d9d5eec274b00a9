using System.ComponentModel;
using System.Diagnostics;

namespace Nebula.AppHost.Infrastructure;

/// <summary>The mode the AppHost runs in and why, logged at start; <paramref name="Warning"/> when the choice cannot work.</summary>
public sealed record InfrastructureChoice(InfrastructureMode Mode, string Reason, string? Warning = null);

internal static class InfrastructureModeSelector
{
    /// <summary>The command-line switch, <c>--infra containers|embedded|auto</c>.</summary>
    public const string CommandLineKey = "infra";

    /// <summary>Aspire's own setting for which container runtime to use (docker by default, or podman).</summary>
    private const string ContainerRuntimeKey = "ASPIRE_CONTAINER_RUNTIME";
    private const string DefaultContainerRuntime = "docker";

    public static InfrastructureChoice Select(IDistributedApplicationBuilder builder, InfrastructureOptions options)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return new(InfrastructureMode.Containers, "publishing describes deployable containers; embedded resources live only in a running AppHost");
        }

        var chosen = $"chosen with --{CommandLineKey} or {InfrastructureOptions.SectionName}:{nameof(InfrastructureOptions.Infrastructure)}";
        if (options.Infrastructure == InfrastructureMode.Embedded)
        {
            return new(InfrastructureMode.Embedded, chosen);
        }

        var runtime = builder.Configuration[ContainerRuntimeKey] is { Length: > 0 } configured ? configured : DefaultContainerRuntime;
        var unavailable = ProbeContainerRuntime(runtime, options.ContainerRuntimeProbeTimeout);
        if (options.Infrastructure == InfrastructureMode.Containers)
        {
            // Honour the choice, but say up front why nothing will start rather than let the containers wait silently.
            return new(InfrastructureMode.Containers, chosen, unavailable is null ? null
                : $"Container runtime '{runtime}' did not answer ({unavailable}): the containers cannot start. Use --{CommandLineKey} embedded to run without one.");
        }

        return unavailable is null
            ? new(InfrastructureMode.Containers, $"auto: container runtime '{runtime}' answered")
            : new(InfrastructureMode.Embedded, $"auto: container runtime '{runtime}' did not answer ({unavailable})");
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
}
