namespace Nebula.IntegrationTests;

/// <summary><see cref="PipelineTestSuite"/> against the AppHost in external mode, with a real Redis (redis-server).</summary>
[Collection(ExternalInfrastructureTestGroup.Name)]
public sealed class ExternalPipelineTests(ExternalAppHostFixture fixture) : PipelineTestSuite(fixture);
