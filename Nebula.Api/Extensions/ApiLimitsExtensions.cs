using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Nebula.Api.Security;

namespace Nebula.Api.Extensions;

/// <summary>
/// What one caller can take: requests per second per API key and, for callers without one (shopper tokens from
/// browsers, strangers), per client address; a few searches at a time; and Kestrel's connection caps. Every refusal is
/// a 429 ProblemDetails with <c>Retry-After</c>. The stream caps are <see cref="Services.RecommendationUpdates"/>'.
/// </summary>
public static class ApiLimitsExtensions
{
    /// <summary>The rate-limiter policy of <c>/items/search</c>.</summary>
    public const string SearchConcurrencyPolicy = "search";

    // A bucket refills ten times a second, so a caller at its limit is served evenly rather than in one-second bursts.
    private const int RefillsPerSecond = 10;

    public static void AddApiLimits(this IHostApplicationBuilder builder, ApiOptions options)
    {
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.Limits.MaxConcurrentConnections = options.MaxConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = options.MaxConnections;
        });

        builder.Services.AddRateLimiter(limits =>
        {
            limits.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                ApiClaims.KeyNameOf(context.User) is { } key
                    ? RateLimitPartition.GetTokenBucketLimiter("key " + key, _ => Bucket(options.RequestsPerSecondPerKey))
                    : RateLimitPartition.GetTokenBucketLimiter(
                        "client " + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"), _ => Bucket(options.RequestsPerSecondPerClient)));

            // Search runs the embedding model on the request's thread: a few at once, a short queue, and 429 beyond.
            limits.AddConcurrencyLimiter(SearchConcurrencyPolicy, search =>
            {
                search.PermitLimit = options.MaxConcurrentSearches;
                search.QueueLimit = options.SearchQueueLimit;
            });
            limits.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                var rate = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait);
                var detail = !rate
                    ? $"At most {options.MaxConcurrentSearches} searches run at once and {options.SearchQueueLimit} wait; try again shortly."
                    : ApiClaims.KeyNameOf(http.User) is { } key
                        ? $"The key '{key}' may make {options.RequestsPerSecondPerKey} requests per second."
                        : $"A client without an API key may make {options.RequestsPerSecondPerClient} requests per second from one address.";
                http.Response.Headers.RetryAfter = (rate ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1).ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem(detail, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests").ExecuteAsync(http);
            };
        });
    }

    private static TokenBucketRateLimiterOptions Bucket(int perSecond)
    {
        var tokens = Math.Max(1, perSecond / RefillsPerSecond);
        return new()
        {
            TokenLimit = perSecond,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = TimeSpan.FromSeconds((double)tokens / perSecond),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}
