namespace Nebula.Hosting.HealthChecks;

/// <summary>A resource's connection string for its health check, which runs in the AppHost before it is known.</summary>
internal static class ConnectionStringSource
{
    /// <summary>
    /// The resource's connection string once Aspire has announced it (<see cref="ConnectionStringAvailableEvent"/>),
    /// or null before that; a check asked earlier reports the resource as not ready. A connection string the user gives
    /// (a parameter, external mode) is never announced: it is read when asked, null while it has no value.
    /// </summary>
    public static Func<string?> WhenAvailable<T>(IResourceBuilder<T> builder)
        where T : IResourceWithConnectionString
    {
        var resource = builder.Resource;
        if (resource is ParameterResource)
        {
            return () =>
            {
                try
                {
                    return resource.GetConnectionStringAsync().AsTask().GetAwaiter().GetResult();
                }
                catch (MissingParameterValueException)
                {
                    return null;
                }
            };
        }

        string? connectionString = null;
        builder.ApplicationBuilder.Eventing.Subscribe<ConnectionStringAvailableEvent>(resource, async (_, cancellationToken) =>
            connectionString = await resource.GetConnectionStringAsync(cancellationToken).ConfigureAwait(false));
        return () => connectionString;
    }
}
