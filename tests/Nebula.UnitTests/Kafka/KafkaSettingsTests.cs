using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Nebula.Kafka;

namespace Nebula.UnitTests.Kafka;

public class KafkaSettingsTests
{
    [Fact]
    public void The_connection_string_becomes_the_bootstrap_servers()
    {
        var builder = Builder(("ConnectionStrings:kafka", "broker-a:9092,broker-b:9092"));

        var settings = AddProducer(builder);

        Assert.Equal("broker-a:9092,broker-b:9092", settings.Config.BootstrapServers);
    }

    [Fact]
    public void Config_binds_property_names_and_librdkafka_names()
    {
        var builder = Builder(
            ("ConnectionStrings:kafka", "localhost:9092"),
            ("Aspire:Confluent:Kafka:Producer:Config:Acks", "Leader"),
            ("Aspire:Confluent:Kafka:Producer:Config:LingerMs", "7"),
            ("Aspire:Confluent:Kafka:Producer:Config:compression.type", "zstd"));

        var settings = AddProducer(builder);

        Assert.Equal(Acks.Leader, settings.Config.Acks);
        Assert.Equal(7, settings.Config.LingerMs);
        Assert.Equal(CompressionType.Zstd, settings.Config.CompressionType);
    }

    [Fact]
    public void The_named_section_overrides_the_shared_one()
    {
        var builder = Builder(
            ("ConnectionStrings:kafka", "localhost:9092"),
            ("Aspire:Confluent:Kafka:Producer:Config:LingerMs", "7"),
            ("Aspire:Confluent:Kafka:Producer:kafka:Config:LingerMs", "1"),
            ("Aspire:Confluent:Kafka:Producer:kafka:DisableTracing", "true"));

        var settings = AddProducer(builder);

        Assert.Equal(1, settings.Config.LingerMs);
        Assert.True(settings.DisableTracing);
    }

    [Fact]
    public void A_producer_without_bootstrap_servers_fails_at_startup_naming_the_keys()
    {
        var builder = Builder();

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddKafkaProducer<string, string>("kafka"));

        Assert.Contains("ConnectionStrings:kafka", error.Message, StringComparison.Ordinal);
        Assert.Contains("Aspire:Confluent:Kafka:Producer:Config:BootstrapServers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_consumer_without_a_group_fails_at_startup_naming_the_key()
    {
        var builder = Builder(("ConnectionStrings:kafka", "localhost:9092"));

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddKafkaConsumer<string, string>("kafka"));

        Assert.Contains("Aspire:Confluent:Kafka:Consumer:Config:GroupId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_positive_health_check_timeout_fails_at_startup()
    {
        var builder = Builder(
            ("ConnectionStrings:kafka", "localhost:9092"),
            ("Aspire:Confluent:Kafka:Producer:HealthCheckTimeout", "00:00:00"));

        Assert.Throws<InvalidOperationException>(() => builder.AddKafkaProducer<string, string>("kafka"));
    }

    [Fact]
    public void The_producer_registers_one_health_check()
    {
        var builder = Builder(("ConnectionStrings:kafka", "localhost:9092"));

        builder.AddKafkaProducer<string, string>("kafka");

        Assert.Equal(["Kafka.Producer"], HealthCheckNames(builder));
    }

    [Fact]
    public void Disabling_health_checks_registers_none()
    {
        var builder = Builder(("ConnectionStrings:kafka", "localhost:9092"));

        builder.AddKafkaProducer<string, string>("kafka", settings => settings.DisableHealthChecks = true);

        Assert.Empty(HealthCheckNames(builder));
    }

    [Fact]
    public void The_registered_producer_is_instrumented()
    {
        var builder = Builder(("ConnectionStrings:kafka", "localhost:9092"));
        builder.AddKafkaProducer<string, string>("kafka");

        using var services = builder.Services.BuildServiceProvider();

        Assert.IsType<InstrumentedProducer<string, string>>(services.GetRequiredService<IProducer<string, string>>());
    }

    [Fact]
    public void A_keyed_consumer_is_resolved_by_its_name_with_its_own_group()
    {
        var builder = Builder(
            ("ConnectionStrings:events", "localhost:9092"),
            ("Aspire:Confluent:Kafka:Consumer:events:Config:GroupId", "nebula-events"));
        builder.AddKeyedKafkaConsumer<string, string>("events");

        using var services = builder.Services.BuildServiceProvider();

        var consumer = Assert.IsType<InstrumentedConsumer<string, string>>(services.GetRequiredKeyedService<IConsumer<string, string>>("events"));
        Assert.Equal("nebula-events", consumer.GroupId);
        Assert.Equal(["Kafka.Consumer_events"], HealthCheckNames(builder));
    }

    private static HostApplicationBuilder Builder(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        return builder;
    }

    private static KafkaProducerSettings AddProducer(HostApplicationBuilder builder)
    {
        KafkaProducerSettings? captured = null;
        builder.AddKafkaProducer<string, string>("kafka", settings => captured = settings);
        return captured!;
    }

    private static List<string> HealthCheckNames(HostApplicationBuilder builder)
    {
        using var services = builder.Services.BuildServiceProvider();
        return [.. services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Select(r => r.Name)];
    }
}
