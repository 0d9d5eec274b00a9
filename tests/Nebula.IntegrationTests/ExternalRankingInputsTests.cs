namespace Nebula.IntegrationTests;

/// <summary><see cref="RankingInputsTestSuite"/> against the AppHost in external mode, with a real Redis (redis-server).</summary>
[Collection(ExternalInfrastructureTestGroup.Name)]
public sealed class ExternalRankingInputsTests(ExternalAppHostFixture fixture) : RankingInputsTestSuite(fixture);
