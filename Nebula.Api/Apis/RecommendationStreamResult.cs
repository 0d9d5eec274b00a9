using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Nebula.Api.Models;
using Nebula.Api.Services;

namespace Nebula.Api.Apis;

/// <summary>
/// A user's list as server-sent events: the current list, then one event per change, and a comment line
/// (<c>: heartbeat</c>) whenever the stream has been quiet for <see cref="ApiOptions.StreamHeartbeat"/>, which keeps
/// proxies from closing it and lets a client tell a dead connection from a quiet one. Written by hand because
/// <c>TypedResults.ServerSentEvents</c> cannot send comments. The watch ends (and leaves the map) with the response.
/// </summary>
public sealed class RecommendationStreamResult(
    RecommendationsResponse current, Func<CancellationToken, Task<RecommendationsResponse>> read, RecommendationUpdates.Watch watch, TimeSpan heartbeat) : IResult
{
    private static readonly byte[] Heartbeat = ": heartbeat\n\n"u8.ToArray();

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using (watch)
        {
            var response = httpContext.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache,no-store";
            response.Headers.ContentEncoding = "identity";
            httpContext.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
            var json = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            var cancellationToken = httpContext.RequestAborted;
            try
            {
                await WriteAsync(response, current, json, cancellationToken);
                while (true)
                {
                    using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    quiet.CancelAfter(heartbeat);
                    bool more;
                    try
                    {
                        more = await watch.Changes.WaitToReadAsync(quiet.Token);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        await response.Body.WriteAsync(Heartbeat, cancellationToken);
                        await response.Body.FlushAsync(cancellationToken);
                        continue;
                    }

                    if (!more)
                    {
                        return;
                    }

                    watch.Changes.TryRead(out _);
                    await WriteAsync(response, await read(cancellationToken), json, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The client left.
            }
        }
    }

    private static async Task WriteAsync(HttpResponse response, RecommendationsResponse list, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        var frame = new StringBuilder($"event: {RecommendationsApi.ServerSentEventType}\n");
        foreach (var line in JsonSerializer.Serialize(list, json).Split('\n'))
        {
            frame.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
        }

        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(frame.Append('\n').ToString()), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
