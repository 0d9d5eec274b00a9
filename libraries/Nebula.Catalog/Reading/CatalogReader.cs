using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Nebula.Catalog.Reading;

/// <summary>
/// Streams catalogue files (plain or gzip, detected from the bytes) in any <see cref="CatalogFormat"/>, one row at a
/// time in constant memory. A bad row never stops the read: it comes back as a rejection with its reason.
/// </summary>
public static class CatalogReader
{
    private const string UniSrecHeader = "item_id:token\t";
    private const int DetectionBytes = 64 * 1024;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads the catalogue at <paramref name="path"/>. Throws <see cref="FileNotFoundException"/> or <see cref="CatalogFormatException"/> before the first row.</summary>
    public static IEnumerable<CatalogReadResult> Read(string path, CatalogReaderOptions? options = null, CatalogReadProgress? progress = null)
    {
        options ??= new CatalogReaderOptions();
        var format = options.Format == CatalogFormat.Auto ? DetectFormat(path) : options.Format;
        if (progress is not null)
        {
            progress.Format = format;
            progress.TotalBytes = new FileInfo(path).Length;
        }

        return ReadRows(path, format, options, progress);
    }

    /// <summary>Opens <paramref name="path"/>, decompressing it when it starts with the gzip magic bytes.</summary>
    public static Stream Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Catalogue file '{path}' does not exist.", path);
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        var isGzip = file.Read(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        file.Position = 0;
        return isGzip ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    /// <summary>Detects the format from the first non-empty line of the file.</summary>
    public static CatalogFormat DetectFormat(string path)
    {
        using var stream = Open(path);
        var buffer = new byte[DetectionBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, length).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith(UniSrecHeader, StringComparison.Ordinal))
        {
            return CatalogFormat.UniSrecText;
        }

        if (text.StartsWith('{'))
        {
            var afterBrace = text.AsSpan(1).TrimStart();
            if (afterBrace.StartsWith("\"", StringComparison.Ordinal))
            {
                return CatalogFormat.Amazon2018;
            }

            if (afterBrace.StartsWith("'", StringComparison.Ordinal))
            {
                return CatalogFormat.Snap2014;
            }
        }

        var firstLine = text.Split('\n', 2)[0];
        throw new CatalogFormatException(
            $"Cannot tell the format of catalogue '{path}': its first line starts '{firstLine[..Math.Min(firstLine.Length, 60)]}'. " +
            "Expected SNAP 2014 (Python dict per line), Amazon 2018 (JSON per line) or UniSRec .text (TSV with the header 'item_id:token<TAB>text:token_seq'); " +
            "choose one with the format option if detection is wrong.");
    }

    private static IEnumerable<CatalogReadResult> ReadRows(string path, CatalogFormat format, CatalogReaderOptions options, CatalogReadProgress? progress)
    {
        using var stream = Open(path);
        var file = stream as FileStream ?? (stream as GZipStream)?.BaseStream;
        using var lines = new LineSplitter(stream, options.MaxLineBytes);
        var headerPending = format == CatalogFormat.UniSrecText;
        while (lines.TryReadLine(out var line, out var tooLong))
        {
            var lineNumber = lines.LineNumber;
            if (progress is not null && file is not null)
            {
                progress.BytesRead = file.Position;
            }

            if (tooLong)
            {
                yield return CatalogReadResult.Rejected(lineNumber, CatalogRejectionReason.TooLong, $"line longer than {options.MaxLineBytes} bytes", []);
                continue;
            }

            if (IsBlank(line.Span))
            {
                continue;
            }

            if (headerPending)
            {
                headerPending = false;
                if (line.Span.StartsWith("item_id:token"u8))
                {
                    continue;
                }
            }

            yield return ParseLine(format, lineNumber, line.Span, options);
        }
    }

    /// <summary>Turns one line of a catalogue in <paramref name="format"/> into an item or a rejection.</summary>
    public static CatalogReadResult ParseLine(CatalogFormat format, long lineNumber, ReadOnlySpan<byte> line, CatalogReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string text;
        try
        {
            text = StrictUtf8.GetString(line);
        }
        catch (DecoderFallbackException e)
        {
            return CatalogReadResult.Rejected(lineNumber, CatalogRejectionReason.InvalidUtf8, $"byte 0x{e.BytesUnknown?.FirstOrDefault():X2} is not UTF-8 at offset {e.Index}", line);
        }

        RawRow row;
        try
        {
            row = format switch
            {
                CatalogFormat.Snap2014 => SnapRow(text),
                CatalogFormat.Amazon2018 => Amazon2018Row(line),
                CatalogFormat.UniSrecText => UniSrecRow(text),
                _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Choose a concrete format."),
            };
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return CatalogReadResult.Rejected(lineNumber, CatalogRejectionReason.Malformed, e.Message, line);
        }

        var itemId = row.ItemId?.Trim();
        if (string.IsNullOrEmpty(itemId))
        {
            return CatalogReadResult.Rejected(lineNumber, CatalogRejectionReason.MissingId, "no item id", line);
        }

        // Milvus' VarChar max_length counts UTF-8 bytes: one id over it would fail the whole upsert batch.
        if (Encoding.UTF8.GetByteCount(itemId) > options.MaxItemIdLength)
        {
            return CatalogReadResult.Rejected(lineNumber, CatalogRejectionReason.IdTooLong, $"item id longer than {options.MaxItemIdLength} bytes (UTF-8)", line);
        }

        var title = CatalogText.Clean(row.Title);
        if (title is null)
        {
            return CatalogReadResult.Rejected(lineNumber, CatalogRejectionReason.MissingTitle, $"item '{itemId}' has no title", line);
        }

        var image = row.ImageUrl?.Trim();
        return CatalogReadResult.Accepted(lineNumber, new CatalogItem(
            itemId,
            title,
            CatalogText.Clean(row.Brand),
            CatalogText.CleanList(row.Categories),
            row.Price,
            Uri.TryCreate(image, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? image : null,
            CatalogText.Clean(row.Description)));
    }

    private static RawRow SnapRow(string text)
    {
        if (PythonLiteralParser.Parse(text) is not Dictionary<string, object?> dict)
        {
            throw new FormatException("the line is not a dict literal");
        }

        return new RawRow(
            dict.GetValueOrDefault("asin") as string,
            dict.GetValueOrDefault("title") as string,
            dict.GetValueOrDefault("brand") as string,
            Flatten(dict.GetValueOrDefault("categories")),
            dict.GetValueOrDefault("price") switch
            {
                double number when number >= 0 && number < (double)decimal.MaxValue => (decimal)number,
                string price => CatalogText.ParsePrice(price),
                _ => null,
            },
            dict.GetValueOrDefault("imUrl") as string,
            dict.GetValueOrDefault("description") as string);
    }

    private static IEnumerable<string?> Flatten(object? value) => value switch
    {
        string text => [text],
        List<object?> list => list.SelectMany(Flatten),
        _ => [],
    };

    private static RawRow Amazon2018Row(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the line is not a JSON object");
        }

        return new RawRow(
            String(root, "asin"),
            String(root, "title"),
            String(root, "brand"),
            Strings(root, "category"),
            CatalogText.ParsePrice(String(root, "price")),
            Strings(root, "imageURLHighRes").FirstOrDefault() ?? Strings(root, "image").FirstOrDefault() ?? String(root, "imUrl"),
            string.Join(' ', Strings(root, "description")));

        static string? String(JsonElement root, string name)
            => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        static List<string?> Strings(JsonElement root, string name)
        {
            if (!root.TryGetProperty(name, out var value))
            {
                return [];
            }

            return value.ValueKind switch
            {
                JsonValueKind.String => [value.GetString()],
                JsonValueKind.Array => [.. value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString())],
                _ => [],
            };
        }
    }

    /// <summary>UniSRec text is "title. category path. brand. "; the last two sentences are split off when the row has them.</summary>
    private static RawRow UniSrecRow(string text)
    {
        var tab = text.IndexOf('\t', StringComparison.Ordinal);
        if (tab <= 0)
        {
            throw new FormatException("expected 'item id<TAB>text'");
        }

        var itemId = text[..tab];
        var body = text[(tab + 1)..].Trim();
        var sentences = body.TrimEnd('.').Split(". ");
        return sentences.Length >= 3
            ? new RawRow(itemId, string.Join(". ", sentences[..^2]), sentences[^1], [sentences[^2]], null, null, null)
            : new RawRow(itemId, body, null, [], null, null, null);
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t\r"u8).IsEmpty;

    private sealed record RawRow(
        string? ItemId,
        string? Title,
        string? Brand,
        IEnumerable<string?> Categories,
        decimal? Price,
        string? ImageUrl,
        string? Description);
}
