using Microsoft.Extensions.Options;
using Nebula.EmbeddedRedis;

var builder = Host.CreateApplicationBuilder(args);

builder.ConfigureOpenTelemetry();
builder.AddEmbeddedRedisServer();

try
{
    builder.Build().Run();
    return 0;
}
catch (OptionsValidationException error)
{
    Console.Error.WriteLine($"Invalid settings in '{EmbeddedRedisOptions.SectionName}': {string.Join("; ", error.Failures)}");
    return 2;
}
