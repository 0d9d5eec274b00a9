using Nebula.Core.Contracts;
using Nebula.Hosting;
using Nebula.Hosting.Embedded;

namespace Nebula.AppHost;

public static class NebulaServicesExtensions
{
    /// <summary>Stable local addresses, documented in the README, so that people and scripts can find them (run mode only).</summary>
    public const int ApiHostPort = 5080;
    public const int UiHostPort = 5090;

    /// <summary>The port a published service listens on in its container (the .NET images' default), and its Service's port.</summary>
    public const int ContainerHttpPort = 8080;

    private const string HttpEndpointName = "http";

    /// <summary><c>dotnet run --project Nebula.AppHost -- --catalog path/to/meta_Electronics.json.gz</c> loads that file instead of the demo catalogue.</summary>
    public const string CatalogArgument = "catalog";

    /// <summary>
    /// The share of traces every service exports (<c>--Nebula:Telemetry:Tracing:SampleRatio=0.1</c>), passed on to each;
    /// unset, each service keeps its own default (every trace in development).
    /// </summary>
    public const string TraceSampleRatioSetting = "Nebula:Telemetry:Tracing:SampleRatio";

    /// <summary>
    /// The embedding model's precision (<c>--Nebula:Embedding:Precision=Int8</c>), passed to the Embedder and the Api
    /// together: the Api embeds search queries into the space the Embedder stored the catalogue in.
    /// </summary>
    public const string EmbeddingPrecisionSetting = "Nebula:Embedding:Precision";

    // Mapped by every service through Nebula.ServiceDefaults' MapDefaultEndpoints().
    private const string HealthEndpointPath = "/health";

    /// <summary>The Api's key with every role, for people and scripts (shown in the dashboard; kept in the AppHost's user secrets).</summary>
    public const string AdminKeyParameter = "api-key-admin";

    /// <summary>The key the Ui's server calls the Api with (read and ingest); the browser never sees it.</summary>
    public const string UiKeyParameter = "api-key-ui";

    /// <summary>Signs shopper tokens; every Api replica must have the same one.</summary>
    public const string ShopperTokenKeyParameter = "shopper-token-key";

    public static void AddNebulaServices(this IDistributedApplicationBuilder builder, NebulaInfrastructure infrastructure)
    {
        // Generated once (run mode: then kept in the user secrets, so scripts and bookmarks keep working), or given as
        // Parameters:<name>; published, each becomes a Secret's key.
        var adminKey = builder.AddSecret(AdminKeyParameter);
        var uiKey = builder.AddSecret(UiKeyParameter);
        var shopperTokenKey = builder.AddSecret(ShopperTokenKeyParameter);

        var api = builder.AddNebulaProject<Projects.Nebula_Api>("api")
            .WithApiKey("admin", adminKey, "admin")
            .WithApiKey("ui", uiKey, "read,ingest")
            .WithEnvironment("Nebula__Api__Access__ShopperTokenKey", shopperTokenKey)
            .WithLocalPort(ApiHostPort, endpoint =>
            {
                // Kestrel listens on the port itself: the orchestrator's proxy added about 5 ms to every request
                // (docs/benchmarks.md, "Serving"), which is the whole latency budget of a recommendation read.
                endpoint.IsProxied = false;
            })
            .WithExternalHttpEndpoints()
            .WithHttpHealthCheck(HealthEndpointPath)
            .WithTopicSettings()
            .WithInfrastructure(infrastructure.Kafka)
            .WithInfrastructure(infrastructure.Redis)
            .WithMilvusUser(infrastructure.MilvusEditor, infrastructure.Milvus)
            .WithEmbeddingSettings();

        var streamWorker = builder.AddNebulaProject<Projects.Nebula_StreamWorker>("streamworker")
            .WithHttpHealthCheck(HealthEndpointPath)
            .WithTopicSettings()
            .WithInfrastructure(infrastructure.Kafka)
            .WithInfrastructure(infrastructure.Redis)
            .WithMilvusUser(infrastructure.MilvusReader, infrastructure.Milvus);
        if (infrastructure.Choice.Mode == InfrastructureMode.Embedded)
        {
            streamWorker.WithEmbeddedKafkaConsumerSettings();
        }

        // A batch job: it loads the catalogue (the built-in demo one unless --catalog names another) and exits.
        var embedder = builder.AddNebulaProject<Projects.Nebula_Embedder>("embedder", serves: false)
            .WithInfrastructure(infrastructure.Milvus)
            .WithEmbeddingSettings();
        // The Embedder signs in as root and creates the services' users first thing, so that the services waiting for them start.
        if (infrastructure.MilvusReader is { } reader)
        {
            embedder.WithEnvironment("Nebula__Embedder__Reader__Password", reader.Password);
        }

        if (infrastructure.MilvusEditor is { } editor)
        {
            embedder.WithEnvironment("Nebula__Embedder__Editor__Password", editor.Password);
        }

        if (builder.ExecutionContext.IsRunMode && builder.Configuration[CatalogArgument] is { Length: > 0 } catalog)
        {
            embedder.WithArgs("--catalog", Path.GetFullPath(catalog));
        }

        builder.AddNebulaProject<Projects.Nebula_Ui>("ui")
            .WithEnvironment("Nebula__Ui__ApiKey", uiKey)
            .WithLocalPort(UiHostPort)
            .WithExternalHttpEndpoints()
            .WithHttpHealthCheck(HealthEndpointPath)
            .WithReference(api)
            .WaitFor(api);
    }

    /// <summary>
    /// A service that reads its infrastructure only from <c>ConnectionStrings:&lt;name&gt;</c> (and finds other
    /// services by discovery), so no per-property variables such as <c>REDIS_URI</c> are injected. Run locally, it
    /// listens where its launch profile says; published, it has one plain-http endpoint on <see cref="ContainerHttpPort"/>
    /// (TLS belongs to the cluster's ingress) or none when it <paramref name="serves"/> nothing.
    /// </summary>
    private static IResourceBuilder<ProjectResource> AddNebulaProject<TProject>(this IDistributedApplicationBuilder builder, string name, bool serves = true)
        where TProject : IProjectMetadata, new()
    {
        var publishing = builder.ExecutionContext.IsPublishMode;
        var project = builder.AddProject<TProject>(name, options => options.ExcludeLaunchProfile = publishing)
            .WithReferenceEnvironment(ReferenceEnvironmentInjectionFlags.ConnectionString | ReferenceEnvironmentInjectionFlags.ServiceDiscovery)
            .WithAppHostSetting(TraceSampleRatioSetting);

        return publishing && serves ? project.WithHttpEndpoint(targetPort: ContainerHttpPort, name: HttpEndpointName) : project;
    }

    /// <summary>A fixed host port for people and scripts; run mode only, since a cluster's Service port is the container's.</summary>
    private static IResourceBuilder<ProjectResource> WithLocalPort(
        this IResourceBuilder<ProjectResource> project, int port, Action<EndpointAnnotation>? configure = null) =>
        project.ApplicationBuilder.ExecutionContext.IsRunMode
            ? project.WithEndpoint(HttpEndpointName, endpoint =>
            {
                endpoint.Port = port;
                configure?.Invoke(endpoint);
            })
            : project;

    private static IResourceBuilder<ProjectResource> WithEmbeddingSettings(this IResourceBuilder<ProjectResource> project) =>
        project.WithAppHostSetting(EmbeddingPrecisionSetting);

    /// <summary>Passes <paramref name="setting"/> on as the AppHost was given it; unset, the service keeps its own default.</summary>
    private static IResourceBuilder<ProjectResource> WithAppHostSetting(this IResourceBuilder<ProjectResource> project, string setting) =>
        project.ApplicationBuilder.Configuration[setting] is { Length: > 0 } value
            ? project.WithEnvironment(setting.Replace(":", "__", StringComparison.Ordinal), value)
            : project;

    /// <summary>
    /// The partitions a service gives the topics it creates: the same count the embedded broker is given, and one place
    /// (the manifest, so a deployment's ConfigMap) to change it before a cluster's first start.
    /// </summary>
    private static IResourceBuilder<ProjectResource> WithTopicSettings(this IResourceBuilder<ProjectResource> project) =>
        project.WithEnvironment("Nebula__Topics__Partitions", Topics.InteractionsPartitions.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A random secret of letters and digits (about 250 bits), long enough for the Api's minimum and within Milvus' maximum.</summary>
    internal static IResourceBuilder<ParameterResource> AddSecret(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 43, Special = false }, secret: true, persist: true);

    private static IResourceBuilder<ProjectResource> WithApiKey(
        this IResourceBuilder<ProjectResource> api, string name, IResourceBuilder<ParameterResource> secret, string roles) =>
        api.WithEnvironment($"Nebula__Api__Access__Keys__{name}__Secret", secret)
            .WithEnvironment($"Nebula__Api__Access__Keys__{name}__Roles", roles);

    /// <summary>Milvus as <paramref name="user"/>, under the usual connection name, once the Embedder has created it; Milvus as given where there is no such user (external mode).</summary>
    private static IResourceBuilder<ProjectResource> WithMilvusUser(
        this IResourceBuilder<ProjectResource> project, MilvusServiceUser? user, IResourceBuilder<IResourceWithConnectionString> milvus) =>
        user is not null
            ? project.WithReference(user.Connection, ResourceNames.Milvus).WaitFor(user.Connection)
            : project.WithInfrastructure(milvus);

    private static IResourceBuilder<ProjectResource> WithInfrastructure(
        this IResourceBuilder<ProjectResource> project, IResourceBuilder<IResourceWithConnectionString>? resource) =>
        resource is null ? project : project.WithReference(resource).WaitFor(resource);
}
