using Nebula.Hosting.Containers;
using Nebula.Hosting.Embedded;

namespace Nebula.UnitTests.AppHost;

public class InfrastructureModeTests
{
    [Fact]
    public async Task Auto_chooses_embedded_when_no_container_runtime_answers()
    {
        await using var builder = await AppHostModel.CreateAsync("auto", "--ASPIRE_CONTAINER_RUNTIME=nebula-no-such-runtime");

        builder.Single<EmbeddedKafkaResource>("kafka");
    }

    [Fact]
    public async Task The_mode_can_be_chosen_in_configuration()
    {
        var builder = await Aspire.Hosting.Testing.DistributedApplicationTestingBuilder.CreateAsync<Projects.Nebula_AppHost>(
            ["--Nebula:Infrastructure=Containers"], TestContext.Current.CancellationToken);
        await using (builder)
        {
            builder.Single<RedpandaResource>("kafka");
        }
    }

    [Fact]
    public async Task An_unknown_mode_is_rejected_with_the_allowed_values()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => AppHostModel.CreateAsync("clouds"));

        Assert.Contains("containers, embedded, external or auto", Innermost(error).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_infrastructure_settings_are_rejected_at_start_naming_the_section()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => AppHostModel.CreateAsync("embedded", "--Nebula:HealthCheckTimeout=00:00:00"));

        Assert.Contains("'Nebula'", Innermost(error).Message, StringComparison.Ordinal);
    }

    private static Exception Innermost(Exception error) => error.InnerException is { } inner ? Innermost(inner) : error;
}
