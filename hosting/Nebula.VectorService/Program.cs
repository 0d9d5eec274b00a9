using Nebula.VectorService;

var builder = WebApplication.CreateBuilder(args);

builder.ConfigureOpenTelemetry();
builder.AddDefaultHealthChecks();
builder.AddVectorService();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapVectorService();

return app.RunReportingInvalidSettings(VectorServiceOptions.SectionName);
