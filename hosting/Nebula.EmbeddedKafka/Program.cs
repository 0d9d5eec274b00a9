using Microsoft.Extensions.Options;
using Nebula.EmbeddedKafka;

var builder = Host.CreateApplicationBuilder(args);

builder.ConfigureOpenTelemetry();
builder.AddEmbeddedKafkaServer();

try
{
    builder.Build().Run();
    return 0;
}
catch (OptionsValidationException error)
{
    Console.Error.WriteLine($"Invalid settings in '{EmbeddedKafkaOptions.SectionName}': {string.Join("; ", error.Failures)}");
    return 2;
}
