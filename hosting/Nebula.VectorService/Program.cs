using Nebula.VectorService;

var builder = WebApplication.CreateBuilder(args);
if (builder.Configuration.GetValue<int>($"{VectorServiceOptions.SectionName}:{nameof(VectorServiceOptions.Port)}") is > 0 and var port)
{
    builder.WebHost.UseUrls($"http://localhost:{port}");
}

builder.ConfigureOpenTelemetry();
builder.AddDefaultHealthChecks();
builder.AddVectorService();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapVectorService();

return app.RunReportingInvalidSettings(VectorServiceOptions.SectionName);
