namespace Nebula.IntegrationTests;

/// <summary><see cref="RankingInputsTestSuite"/> against the AppHost in embedded mode (Garnet, the embedded broker and vector service).</summary>
[Collection(PipelineTestGroup.Name)]
public sealed class RankingInputsTests(EmbeddedAppHostFixture fixture) : RankingInputsTestSuite(fixture);
