using System.Numerics.Tensors;
using Nebula.Catalog.Embeddings;

namespace Nebula.UnitTests.Embeddings;

public sealed class TextEmbeddingModelTests(EmbeddingModelFixture fixture) : IClassFixture<EmbeddingModelFixture>
{
    private readonly TextEmbeddingModel _model = fixture.Model;

    [Fact]
    public void The_example_sentence_matches_the_published_sentence_transformers_vector()
    {
        // Reference values: sentence-transformers all-MiniLM-L6-v2 on this sentence (the model card's example).
        var vector = _model.Embed("This is an example sentence");

        Assert.Equal(TextEmbeddingModel.Dimensions, vector.Length);
        float[] expected = [0.0677f, 0.0634f, 0.0488f, 0.0793f, 0.0374f];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.InRange(vector[i], expected[i] - 0.001f, expected[i] + 0.001f);
        }
    }

    [Fact]
    public void A_model_call_uses_every_core_unless_told_otherwise()
    {
        Assert.Equal(Environment.ProcessorCount, _model.Threads);
        using var oneThread = new TextEmbeddingModel(new EmbeddingModelOptions { IntraOpThreads = 1 });
        Assert.Equal(1, oneThread.Threads);
    }

    [Fact]
    public void A_vector_does_not_depend_on_the_thread_count()
    {
        using var oneThread = new TextEmbeddingModel(new EmbeddingModelOptions { IntraOpThreads = 1, BatchSize = 4 });
        string[] texts = ["Cordless drill", "Nitrile gloves, box of 100, powder free, size large", "This is an example sentence"];

        var parallel = _model.Embed(texts);
        var sequential = oneThread.Embed(texts);

        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(TensorPrimitives.CosineSimilarity(parallel[i], sequential[i]) > 0.99999f, texts[i]);
        }
    }

    [Fact]
    public void A_vector_has_unit_norm()
        => Assert.Equal(1.0f, TensorPrimitives.Norm(_model.Embed("Cordless drill with two batteries")), 4);

    [Fact]
    public void Batching_gives_the_same_vectors_as_one_at_a_time()
    {
        string[] texts = ["a", "Cordless drill", "This is an example sentence", "Nitrile gloves, box of 100, powder free, size large", "x y z", "Safety glasses"];

        var batched = _model.Embed(texts);

        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(TensorPrimitives.CosineSimilarity(batched[i], _model.Embed(texts[i])) > 0.99999f, texts[i]);
        }
    }

    [Fact]
    public void Padding_next_to_a_long_text_does_not_change_a_vector()
    {
        var alone = _model.Embed("Safety glasses");
        var padded = _model.Embed(["Safety glasses", string.Join(' ', Enumerable.Repeat("industrial grade stainless steel fastener", 20))])[0];

        Assert.True(TensorPrimitives.CosineSimilarity(alone, padded) > 0.99999f);
    }

    [Fact]
    public void A_text_is_truncated_to_the_token_budget()
    {
        var tokens = _model.Tokenize(string.Join(' ', Enumerable.Repeat("word", 1000)));

        Assert.Equal(_model.MaxTokens, tokens.Count);
        Assert.Equal(101, tokens[0]);
        Assert.Equal(102, tokens[^1]);
    }

    [Fact]
    public void Related_texts_are_closer_than_unrelated_ones()
    {
        var vectors = _model.Embed(["cordless drill", "DEWALT 20V MAX Cordless Drill / Driver Kit", "Nitrile examination gloves"]);

        Assert.True(TensorPrimitives.CosineSimilarity(vectors[0], vectors[1]) > TensorPrimitives.CosineSimilarity(vectors[0], vectors[2]));
    }
}
