using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Nebula.UnitTests.AppHost;

public class ExternalModeModelTests
{
    [Fact]
    public async Task External_mode_starts_nothing_for_the_infrastructure()
    {
        await using var builder = await AppHostModel.CreateAsync("external");

        Assert.DoesNotContain(builder.Resources, r => r is ContainerResource);
        Assert.DoesNotContain(builder.Resources, r => r.GetType().Namespace == typeof(Nebula.Hosting.Embedded.EmbeddedKafkaResource).Namespace);
        foreach (var name in new[] { "kafka", "redis", "milvus" })
        {
            Assert.IsAssignableFrom<IResourceWithConnectionString>(builder.Single<ParameterResource>(name));
        }
    }

    [Fact]
    public async Task External_connection_strings_are_the_ones_the_user_gives()
    {
        await using var builder = await AppHostModel.CreateAsync(
            "external", "--ConnectionStrings:redis=cache.example.com:6380,password=p,ssl=true");

        var redis = (IResourceWithConnectionString)builder.Single<ParameterResource>("redis");

        Assert.Equal("cache.example.com:6380,password=p,ssl=true", await redis.GetConnectionStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Services_reference_and_wait_for_the_external_infrastructure()
    {
        await using var builder = await AppHostModel.CreateAsync("external");

        Assert.Equal(["kafka", "milvus", "redis"], builder.Single<ProjectResource>("api").ReferencesOf());
        Assert.Equal(["kafka", "milvus", "redis"], builder.Single<ProjectResource>("streamworker").WaitsOf());
        Assert.Equal(["milvus"], builder.Single<ProjectResource>("embedder").WaitsOf());
    }

    [Fact]
    public async Task External_milvus_gets_no_read_only_user_since_its_users_are_its_owners()
    {
        await using var builder = await AppHostModel.CreateAsync("external");

        Assert.DoesNotContain(builder.Resources, r => r.Name is "milvus-reader" or "milvus-reader-password");
    }

    [Fact]
    public async Task Redis_and_Milvus_are_checked_but_Kafka_is_not_since_its_security_settings_are_the_services()
    {
        await using var builder = await AppHostModel.CreateAsync("external");

        Assert.Single(builder.Single<ParameterResource>("redis").Annotations.OfType<HealthCheckAnnotation>());
        Assert.Single(builder.Single<ParameterResource>("milvus").Annotations.OfType<HealthCheckAnnotation>());
        Assert.Empty(builder.Single<ParameterResource>("kafka").Annotations.OfType<HealthCheckAnnotation>());
    }
}
