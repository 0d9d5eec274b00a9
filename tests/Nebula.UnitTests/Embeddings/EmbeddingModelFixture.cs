using Nebula.Catalog.Embeddings;

namespace Nebula.UnitTests.Embeddings;

/// <summary>One model for the class: loading it is the slow part.</summary>
public sealed class EmbeddingModelFixture : IDisposable
{
    public TextEmbeddingModel Model { get; } = new(new EmbeddingModelOptions { BatchSize = 4 });

    public void Dispose() => Model.Dispose();
}
