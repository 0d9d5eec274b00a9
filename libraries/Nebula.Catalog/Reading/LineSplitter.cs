using System.Buffers;

namespace Nebula.Catalog.Reading;

/// <summary>
/// Splits a byte stream into lines without decoding it and without holding more than one line (at most
/// <c>maxLineBytes</c>) in memory: a longer line is reported as too long and skipped to its end.
/// </summary>
internal sealed class LineSplitter(Stream stream, int maxLineBytes) : IDisposable
{
    private const int ChunkBytes = 64 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
    private int _start;
    private int _end;
    private bool _endOfStream;

    public long LineNumber { get; private set; }

    /// <summary>Reads the next line (without its line break). Returns false at the end of the stream.</summary>
    public bool TryReadLine(out ReadOnlyMemory<byte> line, out bool tooLong)
    {
        tooLong = false;
        var skipping = false;
        var scanFrom = _start;
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', scanFrom, _end - scanFrom);
            if (newline >= 0)
            {
                LineNumber++;
                line = skipping ? ReadOnlyMemory<byte>.Empty : TrimCarriageReturn(_buffer.AsMemory(_start, newline - _start));
                tooLong = skipping || newline - _start > maxLineBytes;
                if (tooLong)
                {
                    line = ReadOnlyMemory<byte>.Empty;
                }

                _start = newline + 1;
                return true;
            }

            if (_endOfStream)
            {
                if (_start == _end && !skipping)
                {
                    line = default;
                    return false;
                }

                LineNumber++;
                tooLong = skipping || _end - _start > maxLineBytes;
                line = tooLong ? ReadOnlyMemory<byte>.Empty : TrimCarriageReturn(_buffer.AsMemory(_start, _end - _start));
                _start = _end;
                return true;
            }

            if (_end - _start > maxLineBytes)
            {
                // Drop what we hold of this line; keep reading until its end without storing it.
                skipping = true;
                _start = _end;
            }

            scanFrom = Fill();
        }
    }

    /// <summary>Makes room and reads more bytes; returns where the newline search should resume.</summary>
    private int Fill()
    {
        var pending = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            _start = 0;
            _end = pending;
        }

        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _endOfStream = true;
        }

        var resumeAt = _end;
        _end += read;
        return resumeAt;
    }

    private static ReadOnlyMemory<byte> TrimCarriageReturn(ReadOnlyMemory<byte> line)
        => line.Length > 0 && line.Span[^1] == (byte)'\r' ? line[..^1] : line;

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
