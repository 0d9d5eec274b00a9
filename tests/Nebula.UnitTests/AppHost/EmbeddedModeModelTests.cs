using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Nebula.Hosting.Embedded;

namespace Nebula.UnitTests.AppHost;

public class EmbeddedModeModelTests
{
    [Fact]
    public async Task Kafka_is_the_mock_broker_server()
    {
        await using var builder = await AppHostModel.CreateAsync("embedded");

        builder.Single<EmbeddedKafkaResource>("kafka");
    }

    [Fact]
    public async Task Redis_is_the_Garnet_server()
    {
        await using var builder = await AppHostModel.CreateAsync("embedded");

        builder.Single<EmbeddedRedisResource>("redis");
    }

    [Fact]
    public async Task Milvus_is_the_vector_service()
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
            "Endpoint={milvus.bindings.http.url};Key=root:{milvus-password.value}",
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

    [Theory]
    [InlineData("api", "milvus-editor")]
    [InlineData("streamworker", "milvus-reader")]
    public async Task Api_and_worker_reference_and_wait_for_kafka_redis_and_milvus_as_their_own_user(string name, string milvusUser)
    {
        await using var builder = await AppHostModel.CreateAsync("embedded");

        var project = builder.Single<ProjectResource>(name);
        Assert.Equal(["kafka", milvusUser, "redis"], project.WaitsOf());
        Assert.Equal(["kafka", milvusUser, "redis"], project.ReferencesOf());
    }

    [Theory]
    [InlineData("milvus-reader", "nebula_reader")]
    [InlineData("milvus-editor", "nebula_editor")]
    public async Task A_service_users_connection_string_is_the_vector_services_with_its_own_secret_password(string resource, string userName)
    {
        await using var builder = await AppHostModel.CreateAsync("embedded");

        var user = builder.Single<ConnectionStringResource>(resource);
        Assert.Equal($"Endpoint={{milvus.bindings.http.url}};Key={userName}:{{{resource}-password.value}}", user.ConnectionStringExpression.ValueExpression);
        Assert.True(builder.Single<ParameterResource>($"{resource}-password").Secret);
        // Healthy only once the Embedder has created the user, so that the services start after it.
        Assert.Single(user.Annotations.OfType<HealthCheckAnnotation>());
    }

    [Fact]
    public async Task The_api_listens_on_its_documented_port_itself_without_a_proxy()
    {
        await using var builder = await AppHostModel.CreateAsync("embedded");

        var endpoint = Assert.Single(builder.Single<ProjectResource>("api").Annotations.OfType<EndpointAnnotation>(), e => e.Name == "http");

        Assert.Equal(Nebula.AppHost.NebulaServicesExtensions.ApiHostPort, endpoint.Port);
        Assert.False(endpoint.IsProxied);
    }

    [Theory]
    [InlineData("kafka", "Nebula.EmbeddedKafka")]
    [InlineData("redis", "Nebula.EmbeddedRedis")]
    [InlineData("milvus", "Nebula.VectorService")]
    public async Task Each_embedded_server_runs_its_built_program_as_a_process_of_its_own(string name, string program)
    {
        await using var builder = await AppHostModel.CreateAsync("embedded");

        var resource = builder.Single<ExecutableResource>(name);
        var dll = (await AppHostModel.ArgumentsOf(resource, DistributedApplicationOperation.Run))[0];
        Assert.Equal("dotnet", resource.Command);
        Assert.Equal($"{program}.dll", Path.GetFileName(dll));
        Assert.True(File.Exists(dll), dll);
        Assert.Equal(Path.GetDirectoryName(dll), resource.WorkingDirectory);
    }

    [Theory]
    [InlineData("kafka")]
    [InlineData("redis")]
    [InlineData("milvus")]
    public async Task Clients_reach_each_embedded_server_without_the_orchestrator_proxy(string name)
    {
        await using var builder = await AppHostModel.CreateAsync("embedded");

        var endpoint = Assert.Single(builder.Single<ExecutableResource>(name).Annotations.OfType<EndpointAnnotation>());

        Assert.False(endpoint.IsProxied);
    }

    [Fact]
    public async Task The_broker_is_told_its_topics_on_its_command_line()
    {
        await using var builder = await AppHostModel.CreateAsync("embedded");

        var arguments = await AppHostModel.ArgumentsOf(builder.Single<EmbeddedKafkaResource>("kafka"), DistributedApplicationOperation.Run);

        Assert.Contains("--Nebula:EmbeddedKafka:Topics:interactions=8", arguments);
        Assert.Contains("--Nebula:EmbeddedKafka:Topics:interactions.dlq=8", arguments);
    }

    [Fact]
    public async Task The_AppHost_hands_an_embedded_server_its_settings_section_as_environment_variables()
    {
        await using var builder = await AppHostModel.CreateAsync("embedded", "--Nebula:EmbeddedRedis:LogMemory=64m");
        AppHostModel.AllocateEndpoint(builder.Single<EmbeddedRedisResource>("redis"), "tcp", 40_123);

        var environment = await AppHostModel.EnvironmentOf(builder.Single<EmbeddedRedisResource>("redis"));

        Assert.Equal("64m", environment["Nebula__EmbeddedRedis__LogMemory"]);
        Assert.Equal(builder.Single<EmbeddedRedisResource>("redis").DataDirectory, environment["Nebula__EmbeddedRedis__DataDirectory"]);
    }

    [Fact]
    public async Task The_worker_gets_the_consumer_settings_the_embedded_broker_needs()
    {
        await using var builder = await AppHostModel.CreateAsync("embedded");
        AppHostModel.AllocateEveryEndpoint(builder);

        var environment = await AppHostModel.EnvironmentOf(builder.Single<ProjectResource>("streamworker"));

        Assert.Equal("6000", environment["Aspire__Confluent__Kafka__Consumer__Config__SessionTimeoutMs"]);
        Assert.Equal("10", environment["Aspire__Confluent__Kafka__Consumer__Config__FetchWaitMaxMs"]);
    }

    [Fact]
    public async Task A_trace_sample_ratio_given_to_the_apphost_reaches_every_service()
    {
        await using var builder = await AppHostModel.CreateAsync("embedded", "--Nebula:Telemetry:Tracing:SampleRatio=0.25");
        AppHostModel.AllocateEveryEndpoint(builder);

        foreach (var name in (string[])["api", "streamworker", "embedder", "ui"])
        {
            var environment = await AppHostModel.EnvironmentOf(builder.Single<ProjectResource>(name));
            Assert.Equal("0.25", environment["Nebula__Telemetry__Tracing__SampleRatio"]);
        }
    }

    [Fact]
    public async Task Without_a_ratio_the_services_keep_their_own_default()
    {
        await using var builder = await AppHostModel.CreateAsync("embedded");
        AppHostModel.AllocateEveryEndpoint(builder);

        var environment = await AppHostModel.EnvironmentOf(builder.Single<ProjectResource>("api"));

        Assert.DoesNotContain("Nebula__Telemetry__Tracing__SampleRatio", environment.Keys);
    }

    [Fact]
    public async Task An_embedding_precision_given_to_the_apphost_reaches_the_embedder_and_the_api_together()
    {
        await using var builder = await AppHostModel.CreateAsync("embedded", "--Nebula:Embedding:Precision=Int8");
        AppHostModel.AllocateEveryEndpoint(builder);

        foreach (var name in (string[])["api", "embedder"])
        {
            var environment = await AppHostModel.EnvironmentOf(builder.Single<ProjectResource>(name));
            Assert.Equal("Int8", environment["Nebula__Embedding__Precision"]);
        }

        Assert.DoesNotContain("Nebula__Embedding__Precision", (await AppHostModel.EnvironmentOf(builder.Single<ProjectResource>("streamworker"))).Keys);
    }
}
