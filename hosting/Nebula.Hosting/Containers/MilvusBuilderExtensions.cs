namespace Nebula.Hosting.Containers;

/// <summary>Milvus standalone, the vector database of containers mode.</summary>
public static class MilvusBuilderExtensions
{
    /// <summary>Milvus standalone (embedded etcd, local storage), root password from a secret parameter.</summary>
    public static IResourceBuilder<MilvusResource> AddMilvus(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, IResourceBuilder<ParameterResource>? rootPassword = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var password = rootPassword?.Resource
            ?? ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-root-password", special: false);
        var milvus = new MilvusResource(name, password);
        return builder.AddResource(milvus)
            .WithImage(MilvusContainerImageTags.Image, MilvusContainerImageTags.Tag)
            .WithImageRegistry(MilvusContainerImageTags.Registry)
            .WithHttpEndpoint(targetPort: MilvusResource.HttpTargetPort, name: MilvusResource.HttpEndpointName)
            .WithHttpEndpoint(targetPort: MilvusResource.MetricsTargetPort, name: MilvusResource.MetricsEndpointName)
            .WithEnvironment("COMMON_STORAGETYPE", "local")
            .WithEnvironment("ETCD_USE_EMBED", "true")
            .WithEnvironment("ETCD_DATA_DIR", $"{MilvusResource.DataPath}/etcd")
            .WithEnvironment("COMMON_SECURITY_AUTHORIZATIONENABLED", "true")
            .WithEnvironment(context => context.EnvironmentVariables["COMMON_SECURITY_DEFAULTROOTPASSWORD"] = milvus.RootPassword)
            .WithArgs("milvus", "run", "standalone")
            .WithHttpHealthCheck("/healthz", endpointName: MilvusResource.MetricsEndpointName);
    }

    /// <summary>Keeps Milvus' data (embedded etcd and segments) in a named volume, so a catalogue survives restarts.</summary>
    public static IResourceBuilder<MilvusResource> WithDataVolume(this IResourceBuilder<MilvusResource> builder, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithVolume(name ?? VolumeNameGenerator.Generate(builder, "data"), MilvusResource.DataPath);
    }
}
