using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Nebula.Ui.Hosting;

namespace Nebula.UnitTests.Ui;

public sealed class CircuitShutdownMiddlewareTests
{
    [Fact]
    public async Task A_circuit_request_while_the_host_stops_is_refused_with_503()
    {
        using var lifetime = new StoppableLifetime();
        lifetime.Stop();
        var reached = false;
        var middleware = new CircuitShutdownMiddleware(_ => { reached = true; return Task.CompletedTask; }, lifetime);
        var context = Request("/_blazor/negotiate");

        await middleware.InvokeAsync(context);

        Assert.False(reached);
        Assert.Equal(503, context.Response.StatusCode);
    }

    [Fact]
    public async Task An_open_circuit_connection_is_aborted_when_the_host_stops()
    {
        using var lifetime = new StoppableLifetime();
        var aborted = new TaskCompletionSource();
        var context = Request("/_blazor");
        context.Features.Set<IHttpRequestLifetimeFeature>(new AbortRecorder(aborted));
        var middleware = new CircuitShutdownMiddleware(_ => aborted.Task, lifetime);

        var connection = middleware.InvokeAsync(context);
        Assert.False(connection.IsCompleted);
        lifetime.Stop();
        await connection.WaitAsync(TestContext.Current.CancellationToken);

        Assert.True(aborted.Task.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Other_requests_while_the_host_stops_are_served()
    {
        using var lifetime = new StoppableLifetime();
        lifetime.Stop();
        var reached = false;
        var middleware = new CircuitShutdownMiddleware(_ => { reached = true; return Task.CompletedTask; }, lifetime);

        await middleware.InvokeAsync(Request("/health"));

        Assert.True(reached);
    }

    private static DefaultHttpContext Request(string path) => new() { Request = { Path = path } };

    /// <summary>The host's lifetime, stopped when the test says.</summary>
    private sealed class StoppableLifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();

        public void Stop() => _stopping.Cancel();

        public void Dispose() => _stopping.Dispose();
    }

    /// <summary>Records HttpContext.Abort(): what ends the connection in a real server.</summary>
    private sealed class AbortRecorder(TaskCompletionSource aborted) : IHttpRequestLifetimeFeature
    {
        public CancellationToken RequestAborted { get; set; }

        public void Abort() => aborted.TrySetResult();
    }
}
