namespace Nebula.IntegrationTests;

/// <summary><see cref="WorkerRestartTestSuite"/> against the AppHost in embedded mode (Garnet, the embedded broker and vector service).</summary>
[Collection(PipelineTestGroup.Name)]
public sealed class WorkerRestartTests(EmbeddedAppHostFixture fixture) : WorkerRestartTestSuite(fixture);
