using Microsoft.Extensions.Options;
using Nebula.VectorService.Access;
using Nebula.VectorService.Collections;
using Nebula.VectorService.Http;

namespace Nebula.VectorService;

public static class VectorServiceExtensions
{
    /// <summary>The service's settings (section <c>Nebula:EmbeddedMilvus</c>, validated at start) and its collections.</summary>
    public static void AddVectorService(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<VectorServiceOptions>().BindConfiguration(VectorServiceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        AddStore(builder.Services);
    }

    /// <summary>The service with the given settings (in-process hosting).</summary>
    public static void AddVectorService(this IServiceCollection services, VectorServiceOptions options)
    {
        services.AddSingleton(Options.Create(options));
        AddStore(services);
    }

    /// <summary>Maps Milvus' REST v2 routes (<c>POST /v2/vectordb/{category}/{action}</c>).</summary>
    public static void MapVectorService(this IEndpointRouteBuilder endpoints) => endpoints.MapVectorServiceRoutes();

    private static void AddStore(IServiceCollection services)
    {
        // The container owns the store: disposing it at shutdown saves every collection's index snapshot.
        services.AddSingleton(provider => new VectorStore(provider.GetRequiredService<IOptions<VectorServiceOptions>>().Value));
        services.AddSingleton(provider => new AccessControl(provider.GetRequiredService<IOptions<VectorServiceOptions>>().Value));
        // Loads every collection when the host starts, before the server takes requests.
        services.AddHostedService<VectorStoreLoader>();
    }
}
