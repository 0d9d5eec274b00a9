using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Nebula.ServiceDefaults.Tracing;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every Nebula service shares: OpenTelemetry (logs, metrics, traces; OTLP export when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set), health checks, service discovery and HTTP resilience.
/// Integration-specific ActivitySources and Meters are added by each integration's own <c>Add…</c> method.
/// </summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";
    private const string LiveTag = "live";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.TrustForwardedHeadersOnlyFromKnownProxies();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithTracing(tracing =>
            {
                // Every trace while developing, so the dashboard shows each request; elsewhere a share, and every failed or slow span.
                var sampling = new TraceSamplingOptions();
                if (builder.Environment.IsDevelopment())
                {
                    sampling.SampleRatio = 1;
                }

                builder.Configuration.GetSection(TraceSamplingOptions.SectionName).Bind(sampling);
                tracing
                    .AddTraceSampling(sampling)
                    .AddAspNetCoreInstrumentation(options =>
                        // Health probes would otherwise drown the traces that matter.
                        options.Filter = context =>
                            !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                            && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                    .AddHttpClientInstrumentation();
            });

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// Aspire turns on forwarded headers (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c>) and ASP.NET Core then believes
    /// <c>X-Forwarded-For</c> from anyone, so any caller could claim to be 127.0.0.1 (and ask <c>/health</c>) or a new
    /// address per request (and escape per-address limits). Only loopback and the networks in
    /// <c>Nebula:ForwardedHeaders:KnownNetworks</c> (CIDR, e.g. a cluster's ingress controllers) are believed.
    /// </summary>
    public static TBuilder TrustForwardedHeadersOnlyFromKnownProxies<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var known = builder.Configuration.GetSection("Nebula:ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [];
        builder.Services.PostConfigure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Add(new System.Net.IPNetwork(IPAddress.Loopback, 8));
            forwarded.KnownProxies.Add(IPAddress.IPv6Loopback);
            foreach (var network in known)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        // A refused /health answers with a ProblemDetails, in every service.
        builder.Services.AddProblemDetails();

        return builder;
    }

    /// <summary>
    /// A port on which <c>/health</c> answers anyone: a cluster's probe port, which the service listens on too
    /// (<c>HTTP_PORTS=8080;8081</c>) but its Service and Ingress do not expose. Kubelet probes come from the node, not loopback.
    /// </summary>
    public const string HealthPortSetting = "Nebula:Health:Port";

    /// <summary>The role that may ask a service's <c>/health</c> from another machine (the Api's admin keys).</summary>
    public const string HealthRole = "admin";

    /// <summary>
    /// <c>/health</c>: ready when every registered check passes; <c>/alive</c>: the process answers.
    /// Both are mapped in every environment because the AppHost and container orchestrators probe them;
    /// they report only a status word, never check details. <c>/alive</c> is open to anyone; <c>/health</c> runs every
    /// dependency's check, so it answers only the orchestrator on this machine (loopback), a caller in
    /// <see cref="HealthRole"/> or anyone on the <see cref="HealthPortSetting"/> port, and 403 to anyone else, who cannot
    /// make a service call its dependencies at will.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var healthPort = app.Configuration.GetValue<int?>(HealthPortSetting);
        app.MapHealthChecks(HealthEndpointPath).AllowAnonymous().Add(endpoint =>
        {
            var check = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = context => MayAskHealth(context, healthPort) ? check(context) : RefuseHealthAsync(context);
        });
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(LiveTag),
        }).AllowAnonymous();

        return app;
    }

    private static bool MayAskHealth(HttpContext context, int? healthPort) =>
        context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address)
        || context.User.IsInRole(HealthRole)
        || healthPort == context.Connection.LocalPort;

    private static Task RefuseHealthAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden",
                Detail = $"{HealthEndpointPath} runs every dependency's check, so it answers the orchestrator (loopback) or an {HealthRole} key; {AlivenessEndpointPath} is open.",
            },
        }).AsTask();
    }

    /// <summary>
    /// Runs the host until it stops; settings that fail their validation at start end the process with exit code 2 and
    /// one line naming <paramref name="settingsSection"/> and what is wrong, rather than a host failure's stack trace.
    /// </summary>
    public static int RunReportingInvalidSettings(this IHost host, string settingsSection)
    {
        ArgumentNullException.ThrowIfNull(host);
        try
        {
            host.Run();
            return 0;
        }
        catch (OptionsValidationException error)
        {
            Console.Error.WriteLine($"Invalid settings in '{settingsSection}': {string.Join("; ", error.Failures)}");
            return 2;
        }
    }
}
