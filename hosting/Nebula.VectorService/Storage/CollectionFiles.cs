using System.Text;
using System.Text.Json;
using Nebula.VectorService.Indexing;

namespace Nebula.VectorService.Storage;

/// <summary>
/// A collection's folder: <c>rows.log</c> (every upsert and delete, replayed at start), and <c>index.hnsw</c> with
/// <c>index.stamp</c> (a saved index and the log length and next key it matches, so that a start loads it instead of
/// rebuilding it). A log that holds many more records than live rows, or predates checksums, is rewritten at start.
/// </summary>
internal sealed class CollectionFiles : IDisposable
{
    // The log is compacted at start when it holds this many records more than twice the live rows.
    private const int CompactionSlack = 1000;

    private readonly string _directory;

    public CollectionFiles(string directory, RowLogSync sync)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
        Log = new RowLog(Path.Combine(directory, "rows.log"), sync);
    }

    public RowLog Log { get; }

    private string SnapshotPath => Path.Combine(_directory, "index.hnsw");

    private string StampPath => Path.Combine(_directory, "index.stamp");

    private sealed record Stamp(long LogLength, ulong NextKey);

    /// <summary>
    /// Fills <paramref name="rows"/> from the log (compacting it when worth it, or when it predates checksums) and
    /// <paramref name="index"/> from its snapshot, or else from the log's vectors in a second read (the rows do not keep
    /// vectors); returns what was cut off a damaged log, if anything.
    /// </summary>
    public RowLogRepair? Restore(RowTable rows, VectorIndex index, int dimensions)
    {
        var stamp = ReadStamp();
        var records = 0L;
        foreach (var record in Log.Replay(dimensions))
        {
            records++;
            if (record.IsDelete)
            {
                rows.Remove(record.DeletedIds!, indexVectors: false);
            }
            else
            {
                rows.Put([(null, record.Scalars, record.Vector!)], indexVectors: false);
            }
        }

        if (records > (2L * rows.Count) + CompactionSlack || (Log.IsLegacy && records > 0))
        {
            Compact(rows, dimensions);
        }

        if (stamp is { } saved && saved.LogLength == Log.Length && saved.NextKey == rows.NextKey && File.Exists(SnapshotPath))
        {
            index.Load(SnapshotPath, rows.Count);
            return Log.Repair;
        }

        Rebuild(rows, index, dimensions);
        index.IsDirty = records > 0;
        return Log.Repair;
    }

    /// <summary>Saves the index so that the next start loads it (valid only while the log is unchanged).</summary>
    public void SaveSnapshot(VectorIndex index, RowTable rows)
    {
        if (index.IsIncomplete)
        {
            // The next start rebuilds the index from the log instead.
            File.Delete(StampPath);
            return;
        }

        if (!index.IsDirty)
        {
            return;
        }

        index.Save(SnapshotPath);
        File.WriteAllText(StampPath, JsonSerializer.Serialize(new Stamp(Log.Length, rows.NextKey)), Encoding.UTF8);
    }

    /// <summary>
    /// Rewrites the log with only the live rows (replaced and deleted ones dropped), in the same order, renumbering
    /// them as a replay of the new log would; the index snapshot no longer matches and is discarded.
    /// </summary>
    private void Compact(RowTable rows, int dimensions)
    {
        Log.Rewrite(dimensions, upsert => rows.Contains(KeyOf(upsert)));
        rows.Renumber();
        File.Delete(SnapshotPath);
        File.Delete(StampPath);
    }

    /// <summary>Adds the live rows' vectors to the index from the log, a batch at a time.</summary>
    private void Rebuild(RowTable rows, VectorIndex index, int dimensions)
    {
        const int BatchSize = 4096;
        var batch = new List<(ulong Key, float[] Vector)>(BatchSize);
        var upsert = 0L;
        foreach (var (_, vector) in Log.ReadUpserts(dimensions))
        {
            var key = KeyOf(upsert++);
            if (rows.Contains(key))
            {
                batch.Add((key, vector));
            }

            if (batch.Count == BatchSize)
            {
                index.Add(batch);
                batch.Clear();
            }
        }

        index.Add(batch);
    }

    /// <summary>The key a replay gives the row of the log's n-th upsert record (from 0): keys are handed out in log order from 1.</summary>
    private static ulong KeyOf(long upsert) => (ulong)upsert + 1;

    private Stamp? ReadStamp()
    {
        try
        {
            return File.Exists(StampPath) ? JsonSerializer.Deserialize<Stamp>(File.ReadAllText(StampPath)) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Closes the log and deletes the folder (a dropped collection).</summary>
    public void Delete()
    {
        Log.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    public void Dispose() => Log.Dispose();
}
