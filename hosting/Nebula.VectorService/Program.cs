using Microsoft.Extensions.Options;
using Nebula.VectorService;

var builder = WebApplication.CreateBuilder(args);

builder.ConfigureOpenTelemetry();
builder.AddDefaultHealthChecks();
builder.AddVectorService();

try
{
    var app = builder.Build();
    app.MapDefaultEndpoints();
    app.MapVectorService();
    app.Run();
    return 0;
}
catch (OptionsValidationException error)
{
    Console.Error.WriteLine($"Invalid settings in '{VectorServiceOptions.SectionName}': {string.Join("; ", error.Failures)}");
    return 2;
}
