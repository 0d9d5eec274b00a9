using Aspire.Hosting.ApplicationModel;
using Nebula.AppHost.Infrastructure.Embedded;

namespace Nebula.UnitTests.AppHost;

public class EmbeddedModeModelTests
{
    [Fact]
    public async Task Kafka_is_the_in_process_mock_cluster()
    {
        await using var builder = await AppHostModel.CreateAsync("embedded");

        builder.Single<EmbeddedKafkaResource>("kafka");
    }

    [Fact]
    public async Task Redis_is_in_process_Garnet()
    {
        await using var builder = await AppHostModel.CreateAsync("embedded");

        builder.Single<EmbeddedRedisResource>("redis");
    }

    [Fact]
    public async Task Milvus_is_the_in_process_vector_service()
    {
        await using var builder = await AppHostModel.CreateAsync("embedded");

        builder.Single<EmbeddedMilvusResource>("milvus");
    }

    [Fact]
    public async Task The_vector_service_keeps_its_data_under_the_configured_data_folder()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "nebula-model-test");
        await using var builder = await AppHostModel.CreateAsync("embedded", $"--Nebula:DataDirectory={dataDirectory}");

        Assert.Equal(Path.Combine(dataDirectory, "milvus"), builder.Single<EmbeddedMilvusResource>("milvus").DataDirectory);
    }

    [Fact]
    public async Task The_vector_service_connection_string_carries_endpoint_and_token()
    {
        await using var builder = await AppHostModel.CreateAsync("embedded");

        Assert.Equal(
            "Endpoint={milvus.endpoint};Key=root:{milvus-password.value}",
            builder.Single<EmbeddedMilvusResource>("milvus").ConnectionStringExpression.ValueExpression);
    }

    [Fact]
    public async Task The_embedder_waits_for_milvus_and_has_no_health_endpoint()
    {
        await using var builder = await AppHostModel.CreateAsync("embedded");

        var embedder = builder.Single<ProjectResource>("embedder");
        Assert.Equal(["milvus"], embedder.WaitsOf());
        Assert.Empty(embedder.Annotations.OfType<HealthCheckAnnotation>());
    }

    [Fact]
    public async Task The_catalog_argument_is_passed_to_the_embedder_as_a_full_path()
    {
        await using var builder = await AppHostModel.CreateAsync("embedded", "--catalog", "some/meta_Electronics.json.gz");

        var arguments = await AppHostModel.ArgumentsOf(builder.Single<ProjectResource>("embedder"));
        Assert.Equal(["--catalog", Path.GetFullPath("some/meta_Electronics.json.gz")], arguments);
    }

    [Fact]
    public async Task There_are_no_containers()
    {
        await using var builder = await AppHostModel.CreateAsync("embedded");

        Assert.Empty(builder.Resources.OfType<ContainerResource>());
    }

    [Fact]
    public async Task Embedded_resources_are_left_out_of_the_manifest()
    {
        await using var builder = await AppHostModel.CreateAsync("embedded");

        Assert.True(builder.Single<EmbeddedKafkaResource>("kafka").TryGetLastAnnotation<ManifestPublishingCallbackAnnotation>(out var kafka));
        Assert.Null(kafka.Callback);
        Assert.True(builder.Single<EmbeddedRedisResource>("redis").TryGetLastAnnotation<ManifestPublishingCallbackAnnotation>(out var redis));
        Assert.Null(redis.Callback);
        Assert.True(builder.Single<EmbeddedMilvusResource>("milvus").TryGetLastAnnotation<ManifestPublishingCallbackAnnotation>(out var milvus));
        Assert.Null(milvus.Callback);
    }

    [Fact]
    public async Task Embedded_resources_have_health_checks()
    {
        await using var builder = await AppHostModel.CreateAsync("embedded");

        Assert.Single(builder.Single<EmbeddedKafkaResource>("kafka").Annotations.OfType<HealthCheckAnnotation>());
        Assert.Single(builder.Single<EmbeddedRedisResource>("redis").Annotations.OfType<HealthCheckAnnotation>());
        Assert.Single(builder.Single<EmbeddedMilvusResource>("milvus").Annotations.OfType<HealthCheckAnnotation>());
    }

    [Fact]
    public async Task The_interactions_topic_is_created_with_eight_partitions()
    {
        await using var builder = await AppHostModel.CreateAsync("embedded");

        var kafka = builder.Single<EmbeddedKafkaResource>("kafka");
        Assert.Equal(8, kafka.Topics["interactions"]);
    }

    [Fact]
    public async Task Garnet_keeps_its_data_under_the_configured_data_folder()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "nebula-model-test");
        await using var builder = await AppHostModel.CreateAsync("embedded", $"--Nebula:DataDirectory={dataDirectory}");

        Assert.Equal(Path.Combine(dataDirectory, "redis"), builder.Single<EmbeddedRedisResource>("redis").DataDirectory);
    }

    [Fact]
    public async Task Api_and_worker_reference_and_wait_for_kafka_redis_and_milvus()
    {
        await using var builder = await AppHostModel.CreateAsync("embedded");

        foreach (var name in (string[])["api", "streamworker"])
        {
            var project = builder.Single<ProjectResource>(name);
            Assert.Equal(["kafka", "milvus", "redis"], project.WaitsOf());
            Assert.Equal(["kafka", "milvus", "redis"], project.ReferencesOf());
        }
    }

    [Fact]
    public async Task The_api_listens_on_its_documented_port_itself_without_a_proxy()
    {
        await using var builder = await AppHostModel.CreateAsync("embedded");

        var endpoint = Assert.Single(builder.Single<ProjectResource>("api").Annotations.OfType<EndpointAnnotation>(), e => e.Name == "http");

        Assert.Equal(Nebula.AppHost.NebulaServicesExtensions.ApiHostPort, endpoint.Port);
        Assert.False(endpoint.IsProxied);
    }
}
