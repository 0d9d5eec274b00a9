using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Nebula.VectorService.Storage;

/// <summary>
/// A collection's rows on disk: an append-only log of upserts (scalar fields as JSON + the raw float32 vector) and
/// deletes, replayed at start. Each record carries a CRC-32 of its type, length and payload, so that start-up stops at
/// the first record that is torn (a crash mid-write), zero-filled (a file system that extended the file but never
/// wrote it) or flipped, cuts the log there and reports what it dropped (<see cref="Repair"/>): the records after a
/// damaged one cannot be found again, since their framing runs through it. Appends reach the disk as
/// <see cref="RowLogSync"/> says.
/// </summary>
internal sealed class RowLog : IDisposable
{
    private const byte UpsertRecord = 1;
    private const byte DeleteRecord = 2;

    // Type (1), payload length (4), CRC-32 of both and the payload (4).
    private const int HeaderBytes = 9;

    // The first version had no file header and no checksums: its type and length only.
    private const int LegacyHeaderBytes = 5;

    private static ReadOnlySpan<byte> Magic => "NVROWS\u0002\n"u8;

    private readonly RowLogSync _sync;
    private readonly Lock _writeLock = new();
    private readonly Timer? _syncTimer;
    private FileStream _file;
    private bool _unsynced;

    public RowLog(string path, RowLogSync sync)
    {
        Path = path;
        _sync = sync;
        _file = Open(path, FileMode.OpenOrCreate);
        if (_file.Length == 0)
        {
            _file.Write(Magic);
            _file.Flush(flushToDisk: true);
        }

        if (sync == RowLogSync.EverySecond)
        {
            _syncTimer = new Timer(_ => SyncIfNeeded(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }
    }

    public string Path { get; }

    public long Length => _file.Length;

    /// <summary>The log predates checksums; it is read the old way and should be rewritten (<see cref="Rewrite"/>).</summary>
    public bool IsLegacy { get; private set; }

    /// <summary>What the last <see cref="Replay"/> cut off, or null when the whole file was sound.</summary>
    public RowLogRepair? Repair { get; private set; }

    public readonly record struct Record(bool IsDelete, byte[] Scalars, float[]? Vector, IReadOnlyList<string>? DeletedIds);

    /// <summary>Reads every sound record from the start, cuts the log at the first that is not, and leaves the file positioned for appends.</summary>
    public IEnumerable<Record> Replay(int dimensions)
    {
        _file.Position = 0;
        Span<byte> start = stackalloc byte[Magic.Length];
        IsLegacy = !(_file.ReadAtLeast(start, Magic.Length, throwOnEndOfStream: false) == Magic.Length && start.SequenceEqual(Magic));
        long goodLength = IsLegacy ? 0 : Magic.Length;
        _file.Position = goodLength;
        string? damage = null;
        while (damage is null)
        {
            var (record, problem) = ReadRecord(_file, dimensions);
            if (record is null)
            {
                damage = problem;
                break;
            }

            goodLength = _file.Position;
            yield return record.Value;
        }

        var dropped = _file.Length - goodLength;
        Repair = dropped > 0 ? new RowLogRepair(goodLength, dropped, damage ?? "unreadable") : null;
        if (dropped > 0)
        {
            _file.SetLength(goodLength);
            _file.Flush(flushToDisk: true);
        }

        _file.Position = goodLength;
    }

    /// <summary>The next record, or null with why not (null at a clean end of the file).</summary>
    private (Record? Record, string? Problem) ReadRecord(FileStream file, int dimensions)
    {
        var headerBytes = IsLegacy ? LegacyHeaderBytes : HeaderBytes;
        Span<byte> header = stackalloc byte[HeaderBytes];
        var read = file.ReadAtLeast(header[..headerBytes], headerBytes, throwOnEndOfStream: false);
        if (read == 0)
        {
            return (null, null);
        }

        if (read < headerBytes)
        {
            return (null, "a torn record header");
        }

        var type = header[0];
        var length = BinaryPrimitives.ReadInt32LittleEndian(header[1..]);
        if (type is not (UpsertRecord or DeleteRecord))
        {
            return (null, $"an unknown record type {type}");
        }

        if (length < 0 || file.Position + length > file.Length)
        {
            return (null, "a record longer than the rest of the file");
        }

        var payload = new byte[length];
        file.ReadExactly(payload);
        if (!IsLegacy && BinaryPrimitives.ReadUInt32LittleEndian(header[5..]) != Checksum(header[..5], payload))
        {
            return (null, "a checksum mismatch");
        }

        if (type == DeleteRecord)
        {
            try
            {
                return JsonSerializer.Deserialize<string[]>(payload) is { } ids ? (new Record(true, [], null, ids), null) : (null, "a delete record without ids");
            }
            catch (JsonException)
            {
                return (null, "a delete record that is not a JSON list of ids");
            }
        }

        var scalarsLength = length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(payload) : -1;
        if (scalarsLength < 0 || 4 + scalarsLength + (dimensions * sizeof(float)) != length)
        {
            return (null, "an upsert record whose sizes do not match the collection's vectors");
        }

        var vector = MemoryMarshal.Cast<byte, float>(payload.AsSpan(4 + scalarsLength)).ToArray();
        return (new Record(false, payload.AsSpan(4, scalarsLength).ToArray(), vector, null), null);
    }

    /// <summary>
    /// The upsert records in order, from the start of a log that <see cref="Replay"/> has already read (and cut if it
    /// was damaged): the vectors for an index that has to be rebuilt, which the rows in memory do not keep.
    /// </summary>
    public IEnumerable<(byte[] Scalars, float[] Vector)> ReadUpserts(int dimensions)
    {
        _file.Position = IsLegacy ? 0 : Magic.Length;
        while (ReadRecord(_file, dimensions).Record is { } record)
        {
            if (!record.IsDelete)
            {
                yield return (record.Scalars, record.Vector!);
            }
        }

        _file.Seek(0, SeekOrigin.End);
    }

    public void AppendUpserts(IEnumerable<(byte[] Scalars, float[] Vector)> rows)
    {
        lock (_writeLock)
        {
            WriteUpserts(_file, rows);
            Flush();
        }
    }

    private static void WriteUpserts(FileStream file, IEnumerable<(byte[] Scalars, float[] Vector)> rows)
    {
        foreach (var (scalars, vector) in rows)
        {
            var vectorBytes = MemoryMarshal.AsBytes(vector.AsSpan());
            var payload = new byte[4 + scalars.Length + vectorBytes.Length];
            BinaryPrimitives.WriteInt32LittleEndian(payload, scalars.Length);
            scalars.CopyTo(payload, 4);
            vectorBytes.CopyTo(payload.AsSpan(4 + scalars.Length));
            WriteRecord(file, UpsertRecord, payload);
        }
    }

    /// <summary>
    /// Rewrites the log with only the upsert records <paramref name="keep"/> selects by their position among the upserts
    /// (0, 1, …), deletes dropped (compaction, or an old log's upgrade): written beside it from the log itself, synced,
    /// then moved over it.
    /// </summary>
    public void Rewrite(int dimensions, Func<long, bool> keep)
    {
        lock (_writeLock)
        {
            var temporary = Path + ".compacting";
            using (var target = Open(temporary, FileMode.Create))
            {
                target.Write(Magic);
                WriteUpserts(target, ReadUpserts(dimensions).Where((_, upsert) => keep(upsert)));
                target.Flush(flushToDisk: true);
            }

            _file.Dispose();
            File.Move(temporary, Path, overwrite: true);
            _file = Open(Path, FileMode.Open);
            _file.Seek(0, SeekOrigin.End);
            IsLegacy = false;
        }
    }

    public void AppendDelete(IReadOnlyList<string> ids)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(ids);
        lock (_writeLock)
        {
            WriteRecord(_file, DeleteRecord, payload);
            Flush();
        }
    }

    private static void WriteRecord(FileStream file, byte type, byte[] payload)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        header[0] = type;
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[5..], Checksum(header[..5], payload));
        file.Write(header);
        file.Write(payload);
    }

    private static uint Checksum(ReadOnlySpan<byte> typeAndLength, ReadOnlySpan<byte> payload)
    {
        var crc = new Crc32();
        crc.Append(typeAndLength);
        crc.Append(payload);
        return crc.GetCurrentHashAsUInt32();
    }

    /// <summary>Hands the appended bytes to the OS, and to the disk when every write must be durable.</summary>
    private void Flush()
    {
        _file.Flush(flushToDisk: _sync == RowLogSync.Always);
        _unsynced = _sync == RowLogSync.EverySecond;
    }

    private void SyncIfNeeded()
    {
        lock (_writeLock)
        {
            if (_unsynced && _file.CanWrite)
            {
                _file.Flush(flushToDisk: true);
                _unsynced = false;
            }
        }
    }

    private static FileStream Open(string path, FileMode mode) =>
        new(path, mode, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1 << 16);

    public void Dispose()
    {
        _syncTimer?.Dispose();
        lock (_writeLock)
        {
            if (_file.CanWrite)
            {
                _file.Flush(flushToDisk: true);
            }

            _file.Dispose();
        }
    }
}
