using System.Globalization;
using System.Net;
using System.Text.Json;
using Polly;

namespace Nebula.Ui.Services;

/// <summary>
/// The page's calls to the Api. Every outcome is an <see cref="ApiResult{T}"/> with a message fit to show, and
/// is reported to <see cref="ApiConnectionState"/>, so one failed call is enough to raise the banner.
/// </summary>
public sealed partial class NebulaApiClient(HttpClient http, ApiConnectionState connection, ILogger<NebulaApiClient> logger)
{
    public const string UnreachableMessage = "The Nebula Api can't be reached.";

    public Task<ApiResult<SearchResults>> SearchAsync(string query, int count, ProductFilter? filter = null, CancellationToken cancellationToken = default) =>
        GetAsync<SearchResults>($"/items/search?q={Uri.EscapeDataString(query)}&k={Count(count)}{filter?.ToQuery()}", cancellationToken);

    public Task<ApiResult<ProductDetails>> GetItemAsync(string itemId, CancellationToken cancellationToken = default) =>
        GetAsync<ProductDetails>($"/items/{Uri.EscapeDataString(itemId)}", cancellationToken);

    public Task<ApiResult<SimilarProducts>> GetSimilarAsync(string itemId, int count, CancellationToken cancellationToken = default) =>
        GetAsync<SimilarProducts>($"/items/{Uri.EscapeDataString(itemId)}/similar?k={Count(count)}", cancellationToken);

    public Task<ApiResult<ShopperProfile>> GetProfileAsync(string userId, int count, CancellationToken cancellationToken = default) =>
        GetAsync<ShopperProfile>($"/users/{Uri.EscapeDataString(userId)}/profile?k={Count(count)}", cancellationToken);

    /// <summary>Sends one interaction. Its <c>eventId</c> makes the resilience handler's retries safe: the Api publishes it once.</summary>
    public Task<ApiResult<InteractionAccepted>> SendInteractionAsync(InteractionRequest interaction, CancellationToken cancellationToken = default) =>
        CallAsync<InteractionAccepted>(token => http.PostAsJsonAsync(new Uri("/interactions", UriKind.Relative), interaction, token), cancellationToken);

    /// <summary>
    /// Signs the shopper <paramref name="guestId"/> in as <paramref name="userId"/>: the Api folds the guest's history
    /// into the user's and forgets the guest. Safe to retry: a second merge finds no guest left.
    /// </summary>
    public Task<ApiResult<bool>> SignInAsync(string userId, string guestId, CancellationToken cancellationToken = default) =>
        CallAsync<bool>(
            token => http.PostAsJsonAsync(new Uri($"/users/{Uri.EscapeDataString(userId)}/merge", UriKind.Relative), new { from = guestId }, token),
            (_, _) => Task.FromResult(true),
            cancellationToken);

    /// <summary>The path of a user's live list (server-sent events), relative to the Api.</summary>
    public static Uri RecommendationStreamPath(string userId, int count, ProductFilter? filter = null) =>
        new($"/users/{Uri.EscapeDataString(userId)}/recommendations/stream?k={Count(count)}{filter?.ToQuery()}", UriKind.Relative);

    /// <summary>The message for an answer that is not a success: the problem's field errors, else its detail, else its title.</summary>
    public static async Task<string> DescribeFailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ApiProblem? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                problem = await response.Content.ReadFromJsonAsync<ApiProblem>(cancellationToken);
            }
            catch (JsonException)
            {
                // Not a problem document after all; the status line below says enough.
            }
        }

        if (problem?.Errors is { Count: > 0 } errors)
        {
            return string.Join(" ", errors.Values.SelectMany(messages => messages));
        }

        return problem?.Detail ?? problem?.Title
            ?? $"The Api answered {(int)response.StatusCode} {response.ReasonPhrase}.";
    }

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    private Task<ApiResult<T>> GetAsync<T>(string pathAndQuery, CancellationToken cancellationToken) =>
        CallAsync<T>(token => http.GetAsync(new Uri(pathAndQuery, UriKind.Relative), token), cancellationToken);

    private Task<ApiResult<T>> CallAsync<T>(Func<CancellationToken, Task<HttpResponseMessage>> send, CancellationToken cancellationToken) =>
        CallAsync(send, (response, token) => response.Content.ReadFromJsonAsync<T>(token), cancellationToken);

    private async Task<ApiResult<T>> CallAsync<T>(
        Func<CancellationToken, Task<HttpResponseMessage>> send, Func<HttpResponseMessage, CancellationToken, Task<T?>> read, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await send(cancellationToken);
        }
        catch (Exception exception) when (IsUnreachable(exception, cancellationToken))
        {
            var reason = exception.Message;
            LogUnreachable(logger, reason);
            connection.ReportUnreachable(reason);
            return ApiResult.Unreachable<T>(UnreachableMessage);
        }

        using (response)
        {
            connection.ReportReachable();
            if (!response.IsSuccessStatusCode)
            {
                return ApiResult.Failure<T>(await DescribeFailureAsync(response, cancellationToken));
            }

            var value = await read(response, cancellationToken);
            return value is null
                ? ApiResult.Failure<T>($"The Api answered {(int)response.StatusCode} without a body.")
                : ApiResult.Success(value);
        }
    }

    /// <summary>No answer: refused or dropped connections, timeouts (the handler's or HttpClient's), an open circuit.</summary>
    internal static bool IsUnreachable(Exception exception, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && exception is HttpRequestException { StatusCode: null or HttpStatusCode.ServiceUnavailable } or OperationCanceledException or ExecutionRejectedException or IOException;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Api could not be reached: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string reason);
}
