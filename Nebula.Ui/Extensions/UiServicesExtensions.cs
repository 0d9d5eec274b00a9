using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Nebula.Ui.Services;

namespace Nebula.Ui.Extensions;

internal static class UiServicesExtensions
{
    /// <summary>The Api as the AppHost names it; service discovery resolves it, preferring https.</summary>
    public const string ApiBaseAddress = "https+http://api";

    // The Api's key header (its other form, Authorization: Bearer, is for clients that cannot set custom headers).
    private const string ApiKeyHeader = "X-Api-Key";

    // One quick retry covers a dropped keep-alive connection; more would only delay the banner.
    private const int ApiRetryAttempts = 1;
    private static readonly TimeSpan ApiRetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>The Ui's wiring: interactive server rendering, its settings and its clients of the Api.</summary>
    public static void AddUiServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents();

        builder.Services.AddOptions<UiOptions>()
            .BindConfiguration(UiOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.TryAddSingleton(TimeProvider.System);

        // Per page (circuit): who shops, whether the Api answers, and the live list.
        builder.Services.AddScoped<ShopperSession>();
        builder.Services.AddScoped<ApiConnectionState>();
        builder.Services.AddScoped<RecommendationFeed>();

        // EXTEXP0001: RemoveAllResilienceHandlers is marked experimental; it is the documented way to replace
        // the handler that ServiceDefaults gives every client, and both calls below need exactly that.
#pragma warning disable EXTEXP0001

        // The defaults' standard handler waits up to 30 s over three retries; a page should say within
        // seconds that the Api is gone, so this client gets one short retry and ApiTimeout per attempt.
        builder.Services.AddHttpClient<NebulaApiClient>((services, client) => ConfigureApiClient(client, services))
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler()
            .Configure((resilience, services) => ConfigureApiResilience(resilience, services.GetRequiredService<IOptions<UiOptions>>().Value));

        // A stream stays open for as long as the page does: no attempt timeout, no retry (RecommendationFeed reconnects).
        builder.Services.AddHttpClient(RecommendationFeed.HttpClientName, (services, client) =>
            {
                ConfigureApiClient(client, services);
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }

    private static void ConfigureApiClient(HttpClient client, IServiceProvider services)
    {
        client.BaseAddress = new Uri(ApiBaseAddress);
        client.DefaultRequestHeaders.Add(ApiKeyHeader, services.GetRequiredService<IOptions<UiOptions>>().Value.ApiKey);
    }

    private static void ConfigureApiResilience(HttpStandardResilienceOptions resilience, UiOptions options)
    {
        resilience.Retry.MaxRetryAttempts = ApiRetryAttempts;
        resilience.Retry.Delay = ApiRetryDelay;
        resilience.AttemptTimeout.Timeout = options.ApiTimeout;
        resilience.TotalRequestTimeout.Timeout = options.ApiTimeout * (ApiRetryAttempts + 1) + ApiRetryDelay;
        // The circuit breaker requires a sampling window of at least twice the attempt timeout.
        if (resilience.CircuitBreaker.SamplingDuration < options.ApiTimeout * 2)
        {
            resilience.CircuitBreaker.SamplingDuration = options.ApiTimeout * 2;
        }
    }
}
