namespace Nebula.EmbeddedRedis;

public static class EmbeddedRedisServerExtensions
{
    /// <summary>Garnet as a hosted service, its settings validated at start.</summary>
    public static void AddEmbeddedRedisServer(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmbeddedRedisOptions>().BindConfiguration(EmbeddedRedisOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<EmbeddedRedisServer>();
    }
}
