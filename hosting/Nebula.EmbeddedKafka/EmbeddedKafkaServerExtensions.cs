namespace Nebula.EmbeddedKafka;

public static class EmbeddedKafkaServerExtensions
{
    /// <summary>The broker as a hosted service, its settings validated at start.</summary>
    public static void AddEmbeddedKafkaServer(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmbeddedKafkaOptions>().BindConfiguration(EmbeddedKafkaOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<EmbeddedKafkaServer>();
    }
}
