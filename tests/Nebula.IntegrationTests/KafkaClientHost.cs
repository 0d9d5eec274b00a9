using Microsoft.Extensions.Hosting;

namespace Nebula.IntegrationTests;

/// <summary>A separate client application wired only by <c>ConnectionStrings:kafka</c>, like a Nebula service.</summary>
internal static class KafkaClientHost
{
    public static IHost Create(string bootstrapServers, Action<IHostApplicationBuilder> addClient)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["ConnectionStrings:kafka"] = bootstrapServers;
        addClient(builder);
        return builder.Build();
    }
}
