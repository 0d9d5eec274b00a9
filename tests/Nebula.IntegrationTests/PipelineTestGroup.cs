namespace Nebula.IntegrationTests;

/// <summary>
/// The tests that drive the shared worker. They run one after another, and alone (after the parallel
/// tests): one of them stops and restarts the worker, and another checks a latency bound that a
/// CPU-heavy neighbour (an Embedder run) would distort.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PipelineTestGroup
{
    public const string Name = "Pipeline";
}
