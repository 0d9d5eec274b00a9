using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Nebula.Milvus;

namespace Microsoft.Extensions.Hosting;

/// <summary>Our Milvus client integration in the Aspire component shape: the client, its health check, its ActivitySource and Meter.</summary>
public static class MilvusHostingExtensions
{
    /// <summary>Registers a <see cref="MilvusClient"/> singleton for <paramref name="connectionName"/>.</summary>
    public static void AddMilvusClient(this IHostApplicationBuilder builder, string connectionName, Action<MilvusClientSettings>? configureSettings = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = new MilvusClientSettings();
        builder.Configuration.GetSection(MilvusClientSettings.SectionName).Bind(settings);
        builder.Configuration.GetSection($"{MilvusClientSettings.SectionName}:{connectionName}").Bind(settings);
        if (builder.Configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
        {
            settings.ParseConnectionString(connectionString);
        }

        configureSettings?.Invoke(settings);
        settings.Validate(connectionName);
        builder.Services.AddSingleton(_ => new MilvusClient(settings));

        if (!settings.DisableTracing)
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(MilvusTelemetry.ActivitySourceName));
        }

        if (!settings.DisableMetrics)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(MilvusTelemetry.MeterName));
        }

        if (!settings.DisableHealthChecks)
        {
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
                "Milvus",
                services => new MilvusHealthCheck(services.GetRequiredService<MilvusClient>()),
                failureStatus: default,
                tags: null));
        }
    }
}
