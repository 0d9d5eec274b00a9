using Nebula.Embedder;
using Nebula.Embedder.Extensions;

var builder = Host.CreateApplicationBuilder(EmbedderCommandLine.Normalise(args));
builder.Configuration.AddCommandLine(EmbedderCommandLine.Normalise(args), EmbedderCommandLine.SwitchMappings);

builder.AddServiceDefaults();
builder.AddEmbedderServices();

using var host = builder.Build();
return await host.RunEmbedderAsync();
