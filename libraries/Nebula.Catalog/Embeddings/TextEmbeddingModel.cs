using System.Numerics.Tensors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace Nebula.Catalog.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 as the sentence-transformers model runs it: BERT WordPiece tokens (lower-cased, truncated to
/// <see cref="EmbeddingModelOptions.MaxTokens"/>), the ONNX encoder, mean pooling over the attention mask, L2 normalisation.
/// Thread-safe: ONNX Runtime sessions may run concurrently.
/// </summary>
public sealed partial class TextEmbeddingModel : IDisposable
{
    public const int Dimensions = Core.Contracts.ItemFields.VectorDimensions;

    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly EmbeddingModelOptions _options;
    private readonly int _maxCharacters;

    public TextEmbeddingModel(EmbeddingModelOptions options, ILogger<TextEmbeddingModel>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        var log = (ILogger?)logger ?? NullLogger.Instance;
        var files = ModelFiles.Resolve(options);
        _tokenizer = BertTokenizer.Create(files.VocabularyPath, new BertOptions { LowerCaseBeforeTokenization = true });

        // A word piece is at least one character; beyond this many characters the tokens are cut anyway.
        _maxCharacters = options.MaxTokens * MaxCharactersPerToken;

        Threads = options.IntraOpThreads > 0 ? options.IntraOpThreads : Environment.ProcessorCount;
        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = Threads,
        };
        ExecutionProvider = "CPU";
        var reason = "";
        if (options.UseGpu && TryAppendCuda(sessionOptions, out reason))
        {
            ExecutionProvider = "CUDA";
        }
        else if (options.UseGpu)
        {
            LogNoGpu(log, reason);
        }

        if (options.Precision == EmbeddingPrecision.Int8)
        {
            var (model, matrices) = Int8ModelQuantizer.Quantize(File.ReadAllBytes(files.ModelPath));
            _session = new InferenceSession(model, sessionOptions);
            LogQuantized(log, matrices);
        }
        else
        {
            _session = new InferenceSession(files.ModelPath, sessionOptions);
        }

        LogLoaded(log, ModelFiles.ModelName, options.Precision, ExecutionProvider, Threads, options.MaxTokens, files.ModelPath);
    }

    /// <summary>Threads one model call uses on the CPU.</summary>
    public int Threads { get; }

    /// <summary>"CUDA" or "CPU".</summary>
    public string ExecutionProvider { get; }

    public int MaxTokens => _options.MaxTokens;

    public EmbeddingPrecision Precision => _options.Precision;

    /// <summary>The hash of what decides <paramref name="text"/>'s vector with this model (<see cref="ItemText.Hash"/>).</summary>
    public string TextHash(string text) => ItemText.Hash(text, MaxTokens, Precision);

    private const int MaxCharactersPerToken = 12;
    private const string CudaDriverLibrary = "libcuda.so.1";

    /// <summary>The token ids the model sees for <paramref name="text"/>: [CLS] … [SEP], at most <see cref="MaxTokens"/>.</summary>
    public IReadOnlyList<int> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var input = text.Length > _maxCharacters ? text[.._maxCharacters] : text;
        return _tokenizer.EncodeToIds(input, _options.MaxTokens, out _, out _, considerPreTokenization: true, considerNormalization: true);
    }

    /// <summary>Embeds one text.</summary>
    public float[] Embed(string text) => Embed([text])[0];

    /// <summary>
    /// Embeds many texts, <see cref="EmbeddingModelOptions.BatchSize"/> per model call; with length bucketing the
    /// texts are grouped by token count first. Results are in input order and do not depend on the batching.
    /// </summary>
    public float[][] Embed(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var tokens = new IReadOnlyList<int>[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            tokens[i] = Tokenize(texts[i]);
        }

        var order = Enumerable.Range(0, texts.Count).ToArray();
        if (_options.LengthBucketing)
        {
            Array.Sort(order, (a, b) => tokens[a].Count.CompareTo(tokens[b].Count));
        }

        var vectors = new float[texts.Count][];
        for (var start = 0; start < order.Length; start += _options.BatchSize)
        {
            RunBatch(tokens, order.AsSpan(start, Math.Min(_options.BatchSize, order.Length - start)), vectors);
        }

        return vectors;
    }

    private void RunBatch(IReadOnlyList<int>[] tokens, ReadOnlySpan<int> batch, float[][] vectors)
    {
        var sequenceLength = 0;
        foreach (var index in batch)
        {
            sequenceLength = Math.Max(sequenceLength, tokens[index].Count);
        }

        var size = batch.Length * sequenceLength;
        var inputIds = new long[size];
        var attentionMask = new long[size];
        var tokenTypeIds = new long[size];
        for (var row = 0; row < batch.Length; row++)
        {
            var ids = tokens[batch[row]];
            for (var column = 0; column < ids.Count; column++)
            {
                inputIds[(row * sequenceLength) + column] = ids[column];
                attentionMask[(row * sequenceLength) + column] = 1;
            }
        }

        long[] shape = [batch.Length, sequenceLength];
        using var inputIdsValue = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
        using var attentionMaskValue = OrtValue.CreateTensorValueFromMemory(attentionMask, shape);
        using var tokenTypeIdsValue = OrtValue.CreateTensorValueFromMemory(tokenTypeIds, shape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(
            runOptions,
            ["input_ids", "attention_mask", "token_type_ids"],
            [inputIdsValue, attentionMaskValue, tokenTypeIdsValue],
            ["last_hidden_state"]);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();

        for (var row = 0; row < batch.Length; row++)
        {
            // Mean pooling over the real tokens only (padding has mask 0), then L2 normalisation.
            var vector = new float[Dimensions];
            var count = tokens[batch[row]].Count;
            for (var position = 0; position < count; position++)
            {
                TensorPrimitives.Add(vector, hidden.Slice(((row * sequenceLength) + position) * Dimensions, Dimensions), vector);
            }

            var norm = TensorPrimitives.Norm(vector);
            TensorPrimitives.Divide(vector, norm > 0 ? norm : 1, vector);
            vectors[batch[row]] = vector;
        }
    }

    private static bool TryAppendCuda(SessionOptions sessionOptions, out string reason)
    {
        // Without the CUDA driver ONNX Runtime would fail noisily on stderr; ask the loader first.
        if (!System.Runtime.InteropServices.NativeLibrary.TryLoad(CudaDriverLibrary, out var driver))
        {
            reason = $"no CUDA driver ({CudaDriverLibrary})";
            return false;
        }

        System.Runtime.InteropServices.NativeLibrary.Free(driver);
        try
        {
            sessionOptions.AppendExecutionProvider_CUDA();
            reason = "";
            return true;
        }
        catch (OnnxRuntimeException e)
        {
            reason = e.Message.Split('\n')[0];
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedding model {Model} ({Precision}) on {ExecutionProvider} ({Threads} threads a call), {MaxTokens} tokens per text, from {Path}")]
    private static partial void LogLoaded(ILogger logger, string model, EmbeddingPrecision precision, string executionProvider, int threads, int maxTokens, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedding model quantised to int8 on load: {Matrices} weight matrices")]
    private static partial void LogQuantized(ILogger logger, int matrices);

    [LoggerMessage(Level = LogLevel.Information, Message = "No GPU for the embedding model, running on the CPU ({Reason})")]
    private static partial void LogNoGpu(ILogger logger, string reason);

    public void Dispose() => _session.Dispose();
}
