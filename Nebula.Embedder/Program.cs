using Nebula.Embedder;
using Nebula.Embedder.Extensions;

var arguments = EmbedderCommandLine.Normalise(args);

// The application folder, not the working directory: the Embedder is started from anywhere (the AppHost, a shell).
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = arguments, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddCommandLine(arguments, EmbedderCommandLine.SwitchMappings);

builder.AddServiceDefaults();
builder.AddEmbedderServices();

using var host = builder.Build();
return await host.RunEmbedderAsync();
