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
    public async Task There_is_no_milvus_resource_and_nothing_waits_for_one()
    {
        await using var builder = await AppHostModel.CreateAsync("embedded");

        Assert.DoesNotContain(builder.Resources, r => r.Name == "milvus");
        Assert.DoesNotContain(builder.Resources.SelectMany(r => r.WaitsOf()), name => name == "milvus");
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
    }

    [Fact]
    public async Task Embedded_resources_have_health_checks()
    {
        await using var builder = await AppHostModel.CreateAsync("embedded");

        Assert.Single(builder.Single<EmbeddedKafkaResource>("kafka").Annotations.OfType<HealthCheckAnnotation>());
        Assert.Single(builder.Single<EmbeddedRedisResource>("redis").Annotations.OfType<HealthCheckAnnotation>());
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
    public async Task Api_and_worker_reference_and_wait_for_kafka_and_redis()
    {
        await using var builder = await AppHostModel.CreateAsync("embedded");

        foreach (var name in (string[])["api", "streamworker"])
        {
            var project = builder.Single<ProjectResource>(name);
            Assert.Equal(["kafka", "redis"], project.WaitsOf());
            Assert.Equal(["kafka", "redis"], project.ReferencesOf());
        }
    }
}
