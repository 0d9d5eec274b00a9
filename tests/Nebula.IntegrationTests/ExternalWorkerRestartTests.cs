namespace Nebula.IntegrationTests;

/// <summary><see cref="WorkerRestartTestSuite"/> against the AppHost in external mode, with a real Redis (redis-server).</summary>
[Collection(ExternalInfrastructureTestGroup.Name)]
public sealed class ExternalWorkerRestartTests(ExternalAppHostFixture fixture) : WorkerRestartTestSuite(fixture);
