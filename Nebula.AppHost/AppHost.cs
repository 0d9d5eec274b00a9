using Nebula.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

var infrastructure = builder.AddNebulaInfrastructure();
builder.AddNebulaServices(infrastructure);

builder.Build().Run();
