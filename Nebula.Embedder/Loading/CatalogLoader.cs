using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Nebula.Catalog.Embeddings;
using Nebula.Catalog.Reading;
using Nebula.Catalog.Storage;
using Nebula.Core.Contracts;
using Nebula.Milvus;

namespace Nebula.Embedder.Loading;

/// <summary>
/// Streams the catalogue in batches: reads and cleans rows, skips items already stored with the same text hash
/// (so a re-run stores nothing new and an interrupted run resumes), embeds the rest and upserts them, with the next
/// batch embedding while earlier ones are being written.
/// </summary>
internal sealed partial class CatalogLoader(
    TextEmbeddingModel model,
    MilvusClient milvus,
    ItemsCollectionManager collections,
    IOptions<EmbedderOptions> options,
    ILogger<CatalogLoader> logger)
{
    private readonly EmbedderOptions _options = options.Value;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        // Every file is checked (and its format detected, once) before anything is written.
        var catalogues = new List<(string Path, CatalogFormat Format)>();
        foreach (var path in _options.Catalogs.Select(p => Path.GetFullPath(p, AppContext.BaseDirectory)))
        {
            if (!File.Exists(path))
            {
                LogFailure(logger, $"Catalogue file '{path}' does not exist.");
                return ExitCodes.BadCatalog;
            }

            try
            {
                catalogues.Add((path, _options.Format == CatalogFormat.Auto ? CatalogReader.DetectFormat(path) : _options.Format));
            }
            catch (CatalogFormatException e)
            {
                LogFailure(logger, e.Message);
                return ExitCodes.BadCatalog;
            }
        }

        var summary = new LoadSummary();
        try
        {
            var target = await collections.PrepareAsync(_options.Recreate, cancellationToken);
            summary.Collection = target.Collection;
            foreach (var (path, format) in catalogues)
            {
                LogReading(logger, path, model.ExecutionProvider, model.MaxTokens);
                await LoadFileAsync(path, format, target, summary, cancellationToken);
            }

            await collections.CompleteAsync(target, cancellationToken);
        }
        catch (SchemaMismatchException e)
        {
            LogFailure(logger, e.Message);
            return ExitCodes.SchemaMismatch;
        }
        catch (Exception e) when (e is MilvusException or HttpRequestException or TimeoutException or OperationCanceledException)
        {
            LogFailure(logger, $"The load stopped: {e.Message}. Items stored so far are kept; run again to resume.");
            return ExitCodes.Failed;
        }

        summary.Elapsed = started.Elapsed;
        LogSummary(logger, summary);
        return ExitCodes.Success;
    }

    private async Task LoadFileAsync(string path, CatalogFormat format, ItemsCollectionManager.Target target, LoadSummary summary, CancellationToken cancellationToken)
    {
        var progress = new CatalogReadProgress();
        var rows = CatalogReader.Read(path, new CatalogReaderOptions { Format = format, MaxItemIdLength = ItemFields.ItemIdMaxBytes }, progress);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        // Embedding (CPU) of the next batch overlaps with the upserts (I/O) of earlier ones. A failed upsert stops the
        // reading too (instead of leaving it blocked on a full channel); its error is what the run reports.
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var upserts = Channel.CreateBounded<List<ItemRow>>(new BoundedChannelOptions(_options.UpsertsInFlight) { SingleWriter = true });
        var writers = Enumerable.Range(0, _options.UpsertsInFlight).Select(_ => Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in upserts.Reader.ReadAllAsync(failed.Token))
                {
                    var stored = await milvus.UpsertAsync(target.Collection, batch, failed.Token);
                    lock (summary)
                    {
                        summary.Stored += stored;
                    }
                }
            }
            catch
            {
                await failed.CancelAsync();
                throw;
            }
        }, CancellationToken.None)).ToList();

        using var reporter = ProgressReporter.Create(progress, summary, _options.ProgressLogInterval, logger);
        try
        {
            var batch = new List<CatalogItem>(_options.BatchSize);
            foreach (var row in rows)
            {
                failed.Token.ThrowIfCancellationRequested();
                if (_options.Limit > 0 && summary.Report.Read >= _options.Limit)
                {
                    break;
                }

                summary.Report.Add(row);
                if (row.Rejection is { } rejection)
                {
                    EmbedderTelemetry.RowsRejected.Add(1, new KeyValuePair<string, object?>("reason", rejection.Reason.ToString()));
                    continue;
                }

                if (!seen.Add(row.Item!.ItemId))
                {
                    summary.Duplicates++;
                }

                batch.Add(row.Item);
                if (batch.Count == _options.BatchSize)
                {
                    await EmbedBatchAsync(batch, target, summary, upserts.Writer, failed.Token);
                    batch = new List<CatalogItem>(_options.BatchSize);
                    reporter.Update();
                }
            }

            if (batch.Count > 0)
            {
                await EmbedBatchAsync(batch, target, summary, upserts.Writer, failed.Token);
            }
        }
        catch (OperationCanceledException) when (failed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // An upsert failed; awaiting the writers below reports why.
        }
        finally
        {
            upserts.Writer.TryComplete();
        }

        try
        {
            await Task.WhenAll(writers);
        }
        catch (OperationCanceledException) when (writers.FirstOrDefault(w => w.IsFaulted) is { } faulted)
        {
            // Report the upsert that failed, not the writers it stopped.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(faulted.Exception!.InnerException!);
        }

        reporter.Update();
    }

    private async Task EmbedBatchAsync(List<CatalogItem> batch, ItemsCollectionManager.Target target, LoadSummary summary, ChannelWriter<List<ItemRow>> upserts, CancellationToken cancellationToken)
    {
        // Within a batch the last row of an id wins, as it does across batches (later upserts replace earlier ones).
        var items = batch.GroupBy(i => i.ItemId, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        var texts = items.Select(ItemText.Compose).ToList();
        var hashes = texts.Select(t => model.TextHash(t)).ToList();

        var stored = target.IsNew ? [] : await StoredHashesAsync(target.Collection, items, cancellationToken);
        var pending = Enumerable.Range(0, items.Count).Where(i => stored.GetValueOrDefault(items[i].ItemId) != hashes[i]).ToList();
        var skipped = items.Count - pending.Count;
        summary.Skipped += skipped;
        EmbedderTelemetry.Items.Add(skipped, new KeyValuePair<string, object?>("outcome", "skipped"));
        if (pending.Count == 0)
        {
            return;
        }

        var vectors = await Task.Run(() => model.Embed([.. pending.Select(i => texts[i])]), cancellationToken);
        var rows = pending.Select((itemIndex, k) => ItemsSchema.ToRow(items[itemIndex], vectors[k], hashes[itemIndex])).ToList();
        summary.Embedded += rows.Count;
        EmbedderTelemetry.Items.Add(rows.Count, new KeyValuePair<string, object?>("outcome", "embedded"));
        await upserts.WriteAsync(rows, cancellationToken);
    }

    private async Task<Dictionary<string, string>> StoredHashesAsync(string collection, List<CatalogItem> items, CancellationToken cancellationToken)
    {
        var rows = await milvus.GetAsync(collection, [.. items.Select(i => i.ItemId)], [ItemFields.TextHash], cancellationToken);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.TryGetProperty(ItemFields.ItemId, out var id) && row.TryGetProperty(ItemFields.TextHash, out var hash) && hash.ValueKind == JsonValueKind.String)
            {
                hashes[id.GetString()!] = hash.GetString()!;
            }
        }

        return hashes;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading {Path} (embedding on {ExecutionProvider}, {MaxTokens} tokens per item)")]
    private static partial void LogReading(ILogger logger, string path, string executionProvider, int maxTokens);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Summary}")]
    private static partial void LogSummary(ILogger logger, LoadSummary summary);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Message}")]
    private static partial void LogFailure(ILogger logger, string message);
}
