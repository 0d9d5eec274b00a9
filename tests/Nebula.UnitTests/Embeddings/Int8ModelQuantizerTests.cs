using System.Numerics.Tensors;
using Nebula.Catalog.Embeddings;
using Nebula.Catalog.Reading;
using Nebula.Testing;

namespace Nebula.UnitTests.Embeddings;

public sealed class Int8ModelQuantizerTests(EmbeddingModelFixture fixture) : IClassFixture<EmbeddingModelFixture>
{
    private static readonly string ModelPath = ModelFiles.Resolve(new EmbeddingModelOptions()).ModelPath;

    [Fact]
    public void Quantised_vectors_of_real_catalog_texts_stay_close_to_the_float_ones()
    {
        var texts = CatalogReader.Read(Path.Combine(RepositoryPaths.Root, "Nebula.Embedder", "DemoCatalog", "amazon2018-industrial-scientific.text.gz"))
            .Select(row => row.Item).OfType<CatalogItem>().Take(300).Select(ItemText.Compose).ToArray();
        using var int8 = new TextEmbeddingModel(new EmbeddingModelOptions { Precision = EmbeddingPrecision.Int8, BatchSize = 16 });

        var exact = fixture.Model.Embed(texts);
        var quantised = int8.Embed(texts);

        var cosines = exact.Zip(quantised, (a, b) => TensorPrimitives.CosineSimilarity(a, b)).Order().ToArray();
        Assert.True(cosines[0] >= 0.985f, $"smallest cosine {cosines[0]}");
        Assert.True(cosines[cosines.Length / 2] >= 0.99f, $"median cosine {cosines[cosines.Length / 2]}");
    }

    [Fact]
    public void Every_weight_matrix_but_the_first_two_down_projections_is_quantised()
    {
        var (_, matrices) = Int8ModelQuantizer.Quantize(File.ReadAllBytes(ModelPath));

        // all-MiniLM-L6-v2: 6 layers × (Q, K, V, attention output, feed-forward in, feed-forward out).
        Assert.Equal((6 * 6) - Int8ModelQuantizer.FloatDownProjections, matrices);
    }

    [Fact]
    public void The_same_model_quantises_to_the_same_bytes()
    {
        var model = File.ReadAllBytes(ModelPath);

        Assert.Equal(Int8ModelQuantizer.Quantize(model).Model, Int8ModelQuantizer.Quantize(model).Model);
    }

    [Fact]
    public void Bytes_that_are_not_a_model_are_refused_with_the_reason()
    {
        var error = Assert.Throws<InvalidDataException>(() => Int8ModelQuantizer.Quantize("not an onnx model"u8.ToArray()));

        Assert.Contains("quantis", error.Message, StringComparison.Ordinal);
    }
}
