using System.Net;
using System.Net.Sockets;

namespace Nebula.Testing;

/// <summary>Loopback ports for tests and benchmarks that start a server of their own or need an address where nothing listens.</summary>
internal static class LoopbackPort
{
    /// <summary>A port nothing listens on now (the kernel's pick, released at once).</summary>
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
