using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Nebula.UnitTests.AppHost;

/// <summary>Builds the AppHost's model in a given mode without starting anything.</summary>
internal static class AppHostModel
{
    public static async Task<IDistributedApplicationTestingBuilder> CreateAsync(string mode, params string[] extraArgs)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Nebula_AppHost>(
            ["--infra", mode, .. extraArgs], TestContext.Current.CancellationToken);
        return builder;
    }

    public static T Single<T>(this IDistributedApplicationTestingBuilder builder, string name) where T : IResource =>
        Assert.IsType<T>(Assert.Single(builder.Resources, r => r.Name == name), exactMatch: false);

    public static IEnumerable<string> WaitsOf(this IResource resource) =>
        resource.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name).Order();

    /// <summary>The names of the resources this one references (its <c>WithReference</c>s), secret parameters aside.</summary>
    public static IEnumerable<string> ReferencesOf(this IResource resource) =>
        resource.Annotations.OfType<ResourceRelationshipAnnotation>()
            .Where(r => r.Type == "Reference" && (r.Resource is not ParameterResource || r.Resource is IResourceWithConnectionString))
            .Select(r => r.Resource.Name)
            .Order();

    /// <summary>The command-line arguments a resource gets, as DCP or the manifest would see them.</summary>
    public static async Task<List<string>> ArgumentsOf(IResourceWithArgs resource, DistributedApplicationOperation operation = DistributedApplicationOperation.Publish)
    {
        var configuration = await ExecutionConfigurationBuilder.Create(resource)
            .WithArgumentsConfig()
            .BuildAsync(new DistributedApplicationExecutionContext(operation), NullLogger.Instance, TestContext.Current.CancellationToken);
        return [.. configuration.Arguments.Select(a => a.Value)];
    }

    /// <summary>The environment a resource gets when it runs.</summary>
    public static async Task<Dictionary<string, string>> EnvironmentOf(IResourceWithEnvironment resource)
    {
        var configuration = await ExecutionConfigurationBuilder.Create(resource)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), NullLogger.Instance, TestContext.Current.CancellationToken);
        return configuration.EnvironmentVariables.ToDictionary(e => e.Key, e => e.Value);
    }

    /// <summary>Gives an endpoint the address the orchestrator would, so that what depends on it can be evaluated without starting anything.</summary>
    public static void AllocateEndpoint(IResource resource, string endpointName, int port)
    {
        var endpoint = Assert.Single(resource.Annotations.OfType<EndpointAnnotation>(), e => e.Name == endpointName);
        endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", port);
    }

    /// <summary>Gives every endpoint of the model an address, so that references between resources can be evaluated.</summary>
    public static void AllocateEveryEndpoint(IDistributedApplicationTestingBuilder builder)
    {
        var port = 40_000;
        foreach (var endpoint in builder.Resources.SelectMany(r => r.Annotations.OfType<EndpointAnnotation>()))
        {
            endpoint.AllocatedEndpoint ??= new AllocatedEndpoint(endpoint, "localhost", port++);
        }
    }
}
