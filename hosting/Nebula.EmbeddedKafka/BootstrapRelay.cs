using System.Net;
using System.Net.Sockets;

namespace Nebula.EmbeddedKafka;

/// <summary>
/// Forwards connections from a fixed port to the mock's first broker. The mock listens on ports the kernel picks, and a
/// client needs an address known before the broker starts (and the same after a restart). Clients only bootstrap here:
/// the metadata they get names the broker's own address, which they then use directly, so the relay carries little.
/// </summary>
public sealed class BootstrapRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;

    private BootstrapRelay(TcpListener listener, IPEndPoint target)
    {
        _listener = listener;
        _target = target;
        _accepting = AcceptAsync();
    }

    public static BootstrapRelay Start(IPEndPoint listenOn, IPEndPoint target)
    {
        var listener = new TcpListener(listenOn);
        listener.Start();
        return new BootstrapRelay(listener, target);
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using (client)
        using (var broker = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            try
            {
                client.NoDelay = broker.NoDelay = true;
                await broker.ConnectAsync(_target, _stopping.Token);
                await using var clientStream = new NetworkStream(client, ownsSocket: false);
                await using var brokerStream = new NetworkStream(broker, ownsSocket: false);
                // Either side closing ends both: a client that leaves, or a broker that stops.
                await Task.WhenAny(
                    clientStream.CopyToAsync(brokerStream, _stopping.Token),
                    brokerStream.CopyToAsync(clientStream, _stopping.Token));
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or IOException)
            {
                // The connection ends; the client reconnects as it would to a real broker.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stopping.Dispose();
    }
}
