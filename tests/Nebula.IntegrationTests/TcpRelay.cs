using System.Net;
using System.Net.Sockets;
using Nebula.Milvus;

namespace Nebula.IntegrationTests;

/// <summary>
/// Forwards TCP connections to <c>target</c> once opened. Until then nothing listens on its port (connections are
/// refused, as by a server that is down), or, with <c>hangWhileClosed</c>, connections are accepted and never
/// answered (as by a server that stops answering; those stay unanswered after the relay opens).
/// </summary>
internal sealed class TcpRelay : IDisposable
{
    private readonly IPEndPoint _target;
    private readonly TcpListener _listener = new(IPAddress.Loopback, LoopbackPort.Free());
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _held = [];
    private volatile bool _open;

    public TcpRelay(IPEndPoint target, bool hangWhileClosed = false)
    {
        _target = target;
        if (hangWhileClosed)
        {
            Listen();
        }
    }

    /// <summary>
    /// A relay in front of the Milvus that <paramref name="connectionString"/> names (on loopback, where the embedded
    /// vector service listens, whatever host name its endpoint gives), and that connection string pointed at the relay.
    /// </summary>
    public static (TcpRelay Relay, string ConnectionString) InFrontOfMilvus(string connectionString, bool hangWhileClosed)
    {
        var settings = new MilvusClientSettings();
        settings.ParseConnectionString(connectionString);
        var endpoint = settings.Endpoint!;
        var relay = new TcpRelay(new IPEndPoint(IPAddress.Loopback, endpoint.Port), hangWhileClosed);
        return (relay, connectionString.Replace(endpoint.Authority, relay.Endpoint, StringComparison.Ordinal));
    }

    public string Endpoint => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public void Open()
    {
        var listening = _listener.Server.IsBound;
        _open = true;
        if (!listening)
        {
            Listen();
        }
    }

    private void Listen()
    {
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                if (!_open)
                {
                    lock (_held)
                    {
                        _held.Add(client);
                    }

                    continue;
                }

                var server = new TcpClient();
                await server.ConnectAsync(_target, _stop.Token);
                _ = Pump(client, server);
                _ = Pump(server, client);
            }
        });
    }

    private async Task Pump(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), _stop.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Dispose();
        lock (_held)
        {
            _held.ForEach(client => client.Dispose());
        }

        _stop.Dispose();
    }
}
