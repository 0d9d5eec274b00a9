namespace Nebula.IntegrationTests;

/// <summary>
/// The pipeline tests again, against the AppHost in external mode with a real Redis: nothing may depend on Garnet's
/// behaviour. One after another and alone, like <see cref="PipelineTestGroup"/>, and for the same reasons.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExternalInfrastructureTestGroup : ICollectionFixture<ExternalAppHostFixture>
{
    public const string Name = "External infrastructure";
}
