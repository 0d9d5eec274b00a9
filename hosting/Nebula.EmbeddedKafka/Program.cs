using Nebula.EmbeddedKafka;

var builder = Host.CreateApplicationBuilder(args);

builder.ConfigureOpenTelemetry();
builder.AddEmbeddedKafkaServer();

return builder.Build().RunReportingInvalidSettings(EmbeddedKafkaOptions.SectionName);
