using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Nebula.VectorService.Collections;
using Nebula.VectorService.Storage;

namespace Nebula.VectorService;

/// <summary>
/// The vector service inside another process, on a free loopback port: for tests and benchmarks that need a
/// Milvus REST endpoint, or its collections, without starting a process.
/// </summary>
public sealed class VectorServer : IDisposable
{
    private readonly WebApplication _app;

    private VectorServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    /// <summary>Starts the service over the collections in <see cref="VectorServiceOptions.DataDirectory"/>.</summary>
    public static async Task<VectorServer> StartAsync(VectorServiceOptions options, CancellationToken cancellationToken)
    {
        // An empty builder: the hosting process's own configuration (its URLs, its environment) must not leak into this server.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        builder.Services.AddVectorService(options);
        var app = builder.Build();
        app.UseRouting();
        app.MapVectorService();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new VectorServer(app, new Uri(address));
    }

    /// <summary>Collection → what start-up cut off its damaged log (those rows are lost); empty when every log was sound.</summary>
    public IReadOnlyDictionary<string, RowLogRepair> Repairs => _app.Services.GetRequiredService<VectorStore>().Repairs;

    /// <summary>A collection by name or alias, for in-process benchmarks (<see cref="VectorCollection"/> is the service's own).</summary>
    internal VectorCollection Collection(string name) => _app.Services.GetRequiredService<VectorStore>().Resolve(name);

    public void Dispose()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        // Disposing the application disposes the store, which saves every collection's index.
        ((IDisposable)_app).Dispose();
    }
}
