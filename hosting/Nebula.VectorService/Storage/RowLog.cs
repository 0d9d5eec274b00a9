using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Nebula.VectorService.Storage;

/// <summary>
/// A collection's rows on disk: an append-only log of upserts (scalar fields as JSON + the raw float32 vector) and
/// deletes. Replayed at start; a torn last record (a crash mid-write) is cut off.
/// </summary>
internal sealed class RowLog : IDisposable
{
    private const byte UpsertRecord = 1;
    private const byte DeleteRecord = 2;
    private const int HeaderBytes = 5;

    private FileStream _file;
    private readonly Lock _writeLock = new();

    public RowLog(string path)
    {
        Path = path;
        _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1 << 16);
    }

    public string Path { get; }

    public long Length => _file.Length;

    public readonly record struct Record(bool IsDelete, byte[] Scalars, float[]? Vector, IReadOnlyList<string>? DeletedIds);

    /// <summary>Reads every complete record from the start; truncates a torn tail; leaves the file positioned for appends.</summary>
    public IEnumerable<Record> Replay(int dimensions)
    {
        _file.Position = 0;
        var header = new byte[HeaderBytes];
        long goodLength = 0;
        while (true)
        {
            if (_file.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) < HeaderBytes)
            {
                break;
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(1));
            if (length < 0 || _file.Position + length > _file.Length)
            {
                break;
            }

            var payload = new byte[length];
            _file.ReadExactly(payload);
            goodLength = _file.Position;
            if (header[0] == DeleteRecord)
            {
                yield return new Record(true, [], null, System.Text.Json.JsonSerializer.Deserialize<string[]>(payload));
                continue;
            }

            var scalarsLength = BinaryPrimitives.ReadInt32LittleEndian(payload);
            var vector = MemoryMarshal.Cast<byte, float>(payload.AsSpan(4 + scalarsLength)).ToArray();
            if (vector.Length != dimensions)
            {
                break;
            }

            yield return new Record(false, payload.AsSpan(4, scalarsLength).ToArray(), vector, null);
        }

        if (goodLength != _file.Length)
        {
            _file.SetLength(goodLength);
        }

        _file.Position = goodLength;
    }

    public void AppendUpserts(IEnumerable<(byte[] Scalars, float[] Vector)> rows)
    {
        lock (_writeLock)
        {
            WriteUpserts(rows);
            _file.Flush();
        }
    }

    private void WriteUpserts(IEnumerable<(byte[] Scalars, float[] Vector)> rows)
    {
        Span<byte> scalarsLength = stackalloc byte[4];
        foreach (var (scalars, vector) in rows)
        {
            var vectorBytes = MemoryMarshal.AsBytes(vector.AsSpan());
            WriteHeader(UpsertRecord, 4 + scalars.Length + vectorBytes.Length);
            BinaryPrimitives.WriteInt32LittleEndian(scalarsLength, scalars.Length);
            _file.Write(scalarsLength);
            _file.Write(scalars);
            _file.Write(vectorBytes);
        }
    }

    /// <summary>Replaces the whole log with <paramref name="rows"/> (compaction): written beside it, then moved over it.</summary>
    public void Rewrite(IEnumerable<(byte[] Scalars, float[] Vector)> rows)
    {
        lock (_writeLock)
        {
            var temporary = Path + ".compacting";
            var current = _file;
            _file = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1 << 16);
            WriteUpserts(rows);
            _file.Flush(flushToDisk: true);
            _file.Dispose();
            current.Dispose();
            File.Move(temporary, Path, overwrite: true);
            _file = new FileStream(Path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1 << 16);
            _file.Seek(0, SeekOrigin.End);
        }
    }

    public void AppendDelete(IReadOnlyList<string> ids)
    {
        var payload = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(ids);
        lock (_writeLock)
        {
            WriteHeader(DeleteRecord, payload.Length);
            _file.Write(payload);
            _file.Flush();
        }
    }

    private void WriteHeader(byte type, int length)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        header[0] = type;
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], length);
        _file.Write(header);
    }

    public void Dispose() => _file.Dispose();
}
