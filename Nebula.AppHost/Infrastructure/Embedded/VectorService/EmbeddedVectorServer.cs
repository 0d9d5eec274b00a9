using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Nebula.AppHost.Infrastructure.Embedded.VectorService;

/// <summary>The vector service on Kestrel, bound to a free loopback port, serving the store under <c>dataDirectory</c>.</summary>
internal sealed class EmbeddedVectorServer : IDisposable
{
    private readonly WebApplication _app;

    private EmbeddedVectorServer(WebApplication app, VectorStore store, Uri endpoint)
    {
        _app = app;
        Store = store;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public VectorStore Store { get; }

    /// <summary>Starts the server. With a <paramref name="token"/>, every call must send <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    public static async Task<EmbeddedVectorServer> StartAsync(string dataDirectory, VectorServiceOptions options, string? token, CancellationToken cancellationToken)
    {
        var store = new VectorStore(dataDirectory, options);
        try
        {
            // An empty builder: the AppHost's own configuration (its URLs, its environment) must not leak into this server.
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, 0);
                kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes;
            });
            builder.Services.AddRoutingCore();
            var app = builder.Build();
            app.UseRouting();
            app.MapVectorService(store, options, token);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new EmbeddedVectorServer(app, store, new Uri(address));
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)_app).Dispose();
        Store.Dispose();
    }
}
