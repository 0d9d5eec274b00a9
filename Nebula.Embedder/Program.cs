using Nebula.Embedder.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddEmbedderServices();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
