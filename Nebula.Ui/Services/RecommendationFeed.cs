using System.Net.ServerSentEvents;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Nebula.Ui.Services;

/// <summary>
/// One shopper's live "For you" list for one page: the Api's server-sent events
/// (<c>/users/{id}/recommendations/stream</c>), reconnected with back-off whenever the stream breaks, which
/// also tells <see cref="ApiConnectionState"/> when the Api is gone and when it is back.
/// </summary>
public sealed partial class RecommendationFeed(
    IHttpClientFactory httpClientFactory,
    ApiConnectionState connection,
    IOptions<UiOptions> options,
    TimeProvider time,
    ILogger<RecommendationFeed> logger) : IAsyncDisposable
{
    /// <summary>The Api client for streams: no timeouts and no retries, since a stream is meant to stay open.</summary>
    public const string HttpClientName = "nebula-api-stream";

    /// <summary>The event name the Api gives each list.</summary>
    public const string EventType = "recommendations";

    private readonly Lock _gate = new();
    private CancellationTokenSource? _following;
    private Task _run = Task.CompletedTask;

    public string? UserId { get; private set; }

    /// <summary>What the list is narrowed to (categories, price range); the Api filters the stream.</summary>
    public ProductFilter Filter { get; private set; } = ProductFilter.None;

    public FeedStatus Status { get; private set; } = FeedStatus.Connecting;

    public RecommendationView? Current { get; private set; }

    /// <summary>Why the stream is not live, when the Api answered with an error.</summary>
    public string? Error { get; private set; }

    public event Action? Changed;

    /// <summary>Follows this shopper's list from now on, dropping the previous shopper's stream.</summary>
    public void Follow(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        Restart(userId, Filter);
    }

    /// <summary>Narrows the list: the stream is opened again with the filter (the Api filters every list it sends).</summary>
    public void Narrow(ProductFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (UserId is { } userId)
        {
            Restart(userId, filter);
        }
        else
        {
            Filter = filter;
        }
    }

    private void Restart(string userId, ProductFilter filter)
    {
        CancellationTokenSource following;
        lock (_gate)
        {
            if (string.Equals(UserId, userId, StringComparison.Ordinal) && Filter == filter && _following is not null)
            {
                return;
            }

            _following?.Cancel();
            _following?.Dispose();
            _following = following = new CancellationTokenSource();
            UserId = userId;
            Filter = filter;
            Current = null;
            Error = null;
            Status = FeedStatus.Connecting;
        }

        Changed?.Invoke();
        var previous = _run;
        _run = Task.Run(async () =>
        {
            // One stream at a time per page: the previous one is closed before the next is opened.
            await previous;
            await RunAsync(userId, filter, following.Token);
        }, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _following?.Cancel();
        }

        await _run;
        _following?.Dispose();
    }

    private async Task RunAsync(string userId, ProductFilter filter, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var delay = settings.StreamRetryDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await ReadStreamAsync(userId, filter, settings.RecommendationCount, settings.StreamIdleTimeout, cancellationToken))
                {
                    delay = settings.StreamRetryDelay;
                }

                Update(FeedStatus.Reconnecting, Error, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or JsonException or OperationCanceledException or TimeoutException)
            {
                var reason = exception.Message;
                LogStreamBroken(logger, userId, reason);
                if (exception is not JsonException)
                {
                    connection.ReportUnreachable(reason);
                }

                Update(FeedStatus.Reconnecting, exception is JsonException ? $"The Api sent a list this page cannot read: {reason}" : null, cancellationToken);
            }

            try
            {
                await Task.Delay(delay, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.StreamRetryMaxDelay.Ticks));
        }
    }

    /// <summary>Reads one connection's events until it ends; true when at least one list arrived.</summary>
    private async Task<bool> ReadStreamAsync(string userId, ProductFilter filter, int count, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        var http = httpClientFactory.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, NebulaApiClient.RecommendationStreamPath(userId, count, filter));
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        connection.ReportReachable();
        if (!response.IsSuccessStatusCode)
        {
            Update(FeedStatus.Reconnecting, await NebulaApiClient.DescribeFailureAsync(response, cancellationToken), cancellationToken);
            return false;
        }

        var received = false;
        var stream = new IdleTimeoutStream(await response.Content.ReadAsStreamAsync(cancellationToken), idleTimeout);
        await using (stream)
        {
            var parser = SseParser.Create(stream, static (eventType, data) =>
                eventType == EventType ? JsonSerializer.Deserialize<ShopperRecommendations>(data, JsonSerializerOptions.Web) : null);
            await foreach (var item in parser.EnumerateAsync(cancellationToken))
            {
                if (item.Data is { } list)
                {
                    received = true;
                    Receive(list, cancellationToken);
                }
            }
        }

        return received;
    }

    private void Receive(ShopperRecommendations list, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            Current = new RecommendationView(list, RecommendationView.ItemsMovedIn(Current?.List, list), time.GetUtcNow());
            Status = FeedStatus.Live;
            Error = null;
        }

        Changed?.Invoke();
    }

    private void Update(FeedStatus status, string? error, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            Status = status;
            Error = error;
        }

        Changed?.Invoke();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The live list of {UserId} broke, reconnecting: {Reason}")]
    private static partial void LogStreamBroken(ILogger logger, string userId, string reason);
}
