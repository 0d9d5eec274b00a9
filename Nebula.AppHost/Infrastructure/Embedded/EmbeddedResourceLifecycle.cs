using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nebula.AppHost.Infrastructure.Embedded;

/// <summary>
/// Runs an in-process resource through the states the dashboard and <c>WaitFor</c> understand:
/// NotStarted → Starting → Running (or FailedToStart), and stops it when the AppHost stops.
/// </summary>
internal static partial class EmbeddedResourceLifecycle
{
    /// <summary>What a started embedded server hands back: how to stop it and what to show in the dashboard.</summary>
    internal sealed record Started(IDisposable Server, IReadOnlyList<ResourcePropertySnapshot> Properties);

    public static IResourceBuilder<T> WithEmbeddedLifecycle<T>(
        this IResourceBuilder<T> builder,
        string resourceType,
        string source,
        Func<T, InitializeResourceEvent, CancellationToken, Task<Started>> start)
        where T : IResourceWithConnectionString
    {
        return builder
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = resourceType,
                CreationTimeStamp = DateTime.UtcNow,
                State = KnownResourceStates.NotStarted,
                Properties = [new(CustomResourceKnownProperties.Source, source)],
            })
            // In-process servers cannot be deployed; publishing describes only containers and projects.
            .ExcludeFromManifest()
            .OnInitializeResource(async (resource, initialize, cancellationToken) =>
            {
                var notifications = initialize.Notifications;
                await initialize.Eventing.PublishAsync(new BeforeResourceStartedEvent(resource, initialize.Services), cancellationToken)
                    .ConfigureAwait(false);
                await notifications.PublishUpdateAsync(resource, state => state with { State = KnownResourceStates.Starting })
                    .ConfigureAwait(false);

                Started started;
                try
                {
                    started = await start(resource, initialize, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    LogStartFailed(initialize.Logger, error, resource.Name);
                    await notifications.PublishUpdateAsync(resource, state => state with { State = KnownResourceStates.FailedToStart })
                        .ConfigureAwait(false);
                    return;
                }

                var lifetime = initialize.Services.GetRequiredService<IHostApplicationLifetime>();
                lifetime.ApplicationStopped.Register(started.Server.Dispose);

                await initialize.Eventing.PublishAsync(new ConnectionStringAvailableEvent(resource, initialize.Services), cancellationToken)
                    .ConfigureAwait(false);
                await notifications.PublishUpdateAsync(resource, state => state with
                {
                    State = KnownResourceStates.Running,
                    StartTimeStamp = DateTime.UtcNow,
                    Properties = [.. state.Properties, .. started.Properties],
                }).ConfigureAwait(false);
            });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Embedded resource '{ResourceName}' failed to start.")]
    private static partial void LogStartFailed(ILogger logger, Exception error, string resourceName);
}
