using Nebula.EmbeddedRedis;

var builder = Host.CreateApplicationBuilder(args);

builder.ConfigureOpenTelemetry();
builder.AddEmbeddedRedisServer();

return builder.Build().RunReportingInvalidSettings(EmbeddedRedisOptions.SectionName);
