using Nebula.StreamWorker.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddStreamWorkerServices();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
