namespace Nebula.IntegrationTests;

/// <summary><see cref="PipelineTestSuite"/> against the AppHost in embedded mode (Garnet, the embedded broker and vector service).</summary>
[Collection(PipelineTestGroup.Name)]
public sealed class PipelineTests(EmbeddedAppHostFixture fixture) : PipelineTestSuite(fixture);
