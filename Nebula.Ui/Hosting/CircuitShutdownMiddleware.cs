namespace Nebula.Ui.Hosting;

/// <summary>
/// Lets the Ui stop in a moment while a page is open. On shutdown SignalR closes the Blazor circuits it tracks, but
/// the browser reconnects at once, and nothing ends that new connection, so the host waits out its whole shutdown
/// timeout (30 s; ASP.NET Core issue 58947). Once stopping, a circuit request is refused with 503 (the page shows
/// its reconnect notice and retries against the next instance), and one already open is aborted.
/// </summary>
public sealed class CircuitShutdownMiddleware(RequestDelegate next, IHostApplicationLifetime lifetime)
{
    // Blazor's hub path (circuit negotiation and its websocket or long-polling transport).
    private static readonly PathString CircuitPath = "/_blazor";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Path.StartsWithSegments(CircuitPath))
        {
            await next(context);
            return;
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        // Cancelling RequestAborted is not enough: the transport runs on until the connection itself is aborted.
        using var stopping = lifetime.ApplicationStopping.Register(static state => ((HttpContext)state!).Abort(), context);
        await next(context);
    }
}
