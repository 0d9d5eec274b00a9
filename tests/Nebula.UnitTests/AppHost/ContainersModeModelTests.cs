using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Nebula.Hosting.Containers;

namespace Nebula.UnitTests.AppHost;

public class ContainersModeModelTests
{
    [Theory]
    [InlineData("kafka", "docker.redpanda.com", "redpandadata/redpanda")]
    [InlineData("redis", "docker.io", "library/redis")]
    [InlineData("milvus", "docker.io", "milvusdb/milvus")]
    public async Task Infrastructure_runs_as_containers_with_pinned_images(string name, string registry, string image)
    {
        await using var builder = await AppHostModel.CreateAsync("containers");

        var container = builder.Single<ContainerResource>(name);
        Assert.True(container.TryGetLastAnnotation<ContainerImageAnnotation>(out var annotation));
        Assert.Equal(registry, annotation.Registry);
        Assert.Equal(image, annotation.Image);
        Assert.Matches(@"^v?\d+\.\d+(\.\d+)?$", annotation.Tag);
    }

    [Fact]
    public async Task Redpanda_Console_browses_the_broker_over_the_container_network_and_is_not_deployed()
    {
        await using var builder = await AppHostModel.CreateAsync("containers");

        var console = builder.Single<ContainerResource>("kafka-console");
        Assert.Equal("kafka:29092", (await AppHostModel.EnvironmentOf(console))["KAFKA_BROKERS"]);
        Assert.Equal(["kafka"], console.WaitsOf());
        Assert.True(console.TryGetLastAnnotation<ManifestPublishingCallbackAnnotation>(out var manifest));
        Assert.Null(manifest.Callback);
    }

    [Fact]
    public async Task Milvus_is_a_v2_5_standalone()
    {
        await using var builder = await AppHostModel.CreateAsync("containers");

        var milvus = builder.Single<MilvusResource>("milvus");
        Assert.True(milvus.TryGetLastAnnotation<ContainerImageAnnotation>(out var image));
        Assert.StartsWith("v2.5.", image.Tag, StringComparison.Ordinal);
        Assert.Equal(["milvus", "run", "standalone"], await AppHostModel.ArgumentsOf(milvus));
    }

    [Fact]
    public async Task Milvus_uses_embedded_etcd_local_storage_and_the_secret_root_password()
    {
        await using var builder = await AppHostModel.CreateAsync("containers", "--Parameters:milvus-root-password=s3cret");

        var environment = await AppHostModel.EnvironmentOf(builder.Single<MilvusResource>("milvus"));
        Assert.Equal("true", environment["ETCD_USE_EMBED"]);
        Assert.Equal("local", environment["COMMON_STORAGETYPE"]);
        Assert.Equal("true", environment["COMMON_SECURITY_AUTHORIZATIONENABLED"]);
        Assert.Equal("s3cret", environment["COMMON_SECURITY_DEFAULTROOTPASSWORD"]);
        Assert.True(builder.Single<MilvusResource>("milvus").RootPassword.Secret);
    }

    [Theory]
    [InlineData("milvus", "/var/lib/milvus")]
    [InlineData("redis", "/data")]
    [InlineData("kafka", "/var/lib/redpanda/data")]
    public async Task Stateful_containers_keep_their_data_in_a_named_volume(string name, string target)
    {
        await using var builder = await AppHostModel.CreateAsync("containers");

        var mount = Assert.Single(builder.Single<ContainerResource>(name).Annotations.OfType<ContainerMountAnnotation>());
        Assert.Equal(ContainerMountType.Volume, mount.Type);
        Assert.Equal(target, mount.Target);
    }

    [Fact]
    public async Task Redis_keeps_an_append_only_file_synced_every_second_besides_its_snapshots()
    {
        await using var builder = await AppHostModel.CreateAsync("containers");

        var arguments = await AppHostModel.ArgumentsOf(builder.Single<RedisResource>("redis"));

        Assert.Equal(["-c", "redis-server --requirepass $REDIS_PASSWORD --save 60 1 --appendonly yes --appendfsync everysec"], arguments);
    }

    [Fact]
    public async Task Milvus_connection_string_carries_endpoint_and_token()
    {
        await using var builder = await AppHostModel.CreateAsync("containers");

        Assert.Equal(
            "Endpoint={milvus.bindings.http.url};Key=root:{milvus-root-password.value}",
            builder.Single<MilvusResource>("milvus").ConnectionStringExpression.ValueExpression);
    }

    [Fact]
    public async Task Milvus_health_is_its_healthz_endpoint()
    {
        await using var builder = await AppHostModel.CreateAsync("containers");

        var milvus = builder.Single<MilvusResource>("milvus");
        Assert.Single(milvus.Annotations.OfType<HealthCheckAnnotation>());
        var metrics = Assert.Single(milvus.Annotations.OfType<EndpointAnnotation>(), e => e.Name == "metrics");
        Assert.Equal(9091, metrics.TargetPort);
    }

    [Fact]
    public async Task Redpanda_connection_string_is_the_host_listener()
    {
        await using var builder = await AppHostModel.CreateAsync("containers");

        Assert.Equal(
            "{kafka.bindings.kafka.host}:{kafka.bindings.kafka.port}",
            builder.Single<RedpandaResource>("kafka").ConnectionStringExpression.ValueExpression);
    }

    [Fact]
    public async Task Redpanda_advertises_localhost_to_the_host_and_its_name_to_containers()
    {
        await using var builder = await AppHostModel.CreateAsync("containers");
        var redpanda = builder.Single<RedpandaResource>("kafka");
        var hostPort = 32_123;
        AppHostModel.AllocateEndpoint(redpanda, "kafka", hostPort);

        var arguments = await AppHostModel.ArgumentsOf(redpanda, DistributedApplicationOperation.Run);

        Assert.Contains($"--advertise-kafka-addr=internal://kafka:29092,external://localhost:{hostPort.ToString(CultureInfo.InvariantCulture)}", arguments);
        Assert.Contains("--kafka-addr=internal://0.0.0.0:29092,external://0.0.0.0:9092", arguments);
        Assert.Equal(["redpanda", "start", "--mode=dev-container", "--smp=1"], arguments.Take(4));
    }

    [Fact]
    public async Task Redpanda_is_ready_by_admin_api_and_by_a_kafka_level_check()
    {
        await using var builder = await AppHostModel.CreateAsync("containers");

        var checks = builder.Single<RedpandaResource>("kafka").Annotations.OfType<HealthCheckAnnotation>().Select(h => h.Key).ToList();
        Assert.Equal(2, checks.Count);
        Assert.Contains("kafka_kafka_check", checks);
    }

    [Fact]
    public async Task Services_reference_and_wait_for_their_infrastructure()
    {
        await using var builder = await AppHostModel.CreateAsync("containers");

        Assert.Equal(["kafka", "milvus-editor", "redis"], builder.Single<ProjectResource>("api").WaitsOf());
        Assert.Equal(["kafka", "milvus-editor", "redis"], builder.Single<ProjectResource>("api").ReferencesOf());
        Assert.Equal(["kafka", "milvus-reader", "redis"], builder.Single<ProjectResource>("streamworker").WaitsOf());
        Assert.Equal(["milvus"], builder.Single<ProjectResource>("embedder").WaitsOf());
        Assert.Equal(["api"], builder.Single<ProjectResource>("ui").WaitsOf());
    }

}
