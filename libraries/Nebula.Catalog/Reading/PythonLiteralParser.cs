using System.Globalization;
using System.Text;

namespace Nebula.Catalog.Reading;

/// <summary>
/// Parses the Python literal subset that the SNAP 2014 metadata uses (what <c>ast.literal_eval</c> accepts there):
/// dicts, lists, tuples, single- or double-quoted strings with escapes, numbers, None, True and False.
/// Values become <see cref="Dictionary{TKey,TValue}"/>, <see cref="List{T}"/>, string, double, bool or null.
/// </summary>
internal ref struct PythonLiteralParser
{
    private const int MaxDepth = 64;

    private readonly ReadOnlySpan<char> _text;
    private int _position;

    private PythonLiteralParser(ReadOnlySpan<char> text) => _text = text;

    /// <summary>Parses <paramref name="text"/> as one literal; throws <see cref="FormatException"/> with the position on any error.</summary>
    public static object? Parse(ReadOnlySpan<char> text)
    {
        var parser = new PythonLiteralParser(text);
        var value = parser.ParseValue(0);
        parser.SkipWhitespace();
        if (parser._position != text.Length)
        {
            throw parser.Error("unexpected text after the literal");
        }

        return value;
    }

    private object? ParseValue(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error("nesting too deep");
        }

        SkipWhitespace();
        if (_position >= _text.Length)
        {
            throw Error("unexpected end of line (truncated?)");
        }

        var c = _text[_position];
        switch (c)
        {
            case '{':
                return ParseDict(depth);
            case '[':
                return ParseSequence(']', depth);
            case '(':
                return ParseSequence(')', depth);
            case '\'' or '"':
                return ParseString();
            case 'u' or 'U' when _position + 1 < _text.Length && _text[_position + 1] is '\'' or '"':
                // Python 2's unicode literal: the same string.
                _position++;
                return ParseString();
            case 'r' or 'R' or 'b' or 'B' when _position + 1 < _text.Length && _text[_position + 1] is '\'' or '"':
                throw Error("raw and byte string literals are not supported");
            default:
                if (c is '-' or '+' or '.' || char.IsAsciiDigit(c))
                {
                    return ParseNumber();
                }

                return ParseName();
        }
    }

    private Dictionary<string, object?> ParseDict(int depth)
    {
        _position++;
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        SkipWhitespace();
        if (TryConsume('}'))
        {
            return dict;
        }

        while (true)
        {
            var key = ParseValue(depth + 1);
            SkipWhitespace();
            Expect(':');
            var value = ParseValue(depth + 1);
            dict[Convert.ToString(key, CultureInfo.InvariantCulture) ?? "None"] = value;
            SkipWhitespace();
            if (TryConsume('}'))
            {
                return dict;
            }

            Expect(',');
            SkipWhitespace();
            if (TryConsume('}'))
            {
                return dict;
            }
        }
    }

    private List<object?> ParseSequence(char close, int depth)
    {
        _position++;
        var list = new List<object?>();
        SkipWhitespace();
        if (TryConsume(close))
        {
            return list;
        }

        while (true)
        {
            list.Add(ParseValue(depth + 1));
            SkipWhitespace();
            if (TryConsume(close))
            {
                return list;
            }

            Expect(',');
            SkipWhitespace();
            if (TryConsume(close))
            {
                return list;
            }
        }
    }

    private string ParseString()
    {
        var quote = _text[_position++];
        var builder = new StringBuilder();
        List<byte>? escapedBytes = null;
        while (_position < _text.Length)
        {
            var c = _text[_position++];
            if (c == '\\' && _position < _text.Length && _text[_position] == 'x')
            {
                // Python 2 wrote non-ASCII bytes of its str values as \xNN: collect a run of them and decode it as UTF-8.
                _position++;
                (escapedBytes ??= []).Add((byte)ReadHexValue(2));
                continue;
            }

            FlushBytes(builder, escapedBytes);
            if (c == quote)
            {
                return builder.ToString();
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (_position >= _text.Length)
            {
                break;
            }

            var escape = _text[_position++];
            switch (escape)
            {
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case 'r': builder.Append('\r'); break;
                case '0': builder.Append('\0'); break;
                case 'u': builder.Append((char)ReadHexValue(4)); break;
                case 'U': builder.Append(char.ConvertFromUtf32(ReadCodePoint())); break;
                case '\\' or '\'' or '"': builder.Append(escape); break;
                default: builder.Append('\\').Append(escape); break;
            }
        }

        throw Error("unterminated string");
    }

    /// <summary>Appends escaped bytes as UTF-8 when they are valid UTF-8, else as Latin-1 (what Python 3 would show).</summary>
    private static void FlushBytes(StringBuilder builder, List<byte>? bytes)
    {
        if (bytes is not { Count: > 0 })
        {
            return;
        }

        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes);
        builder.Append(System.Text.Unicode.Utf8.IsValid(span) ? Encoding.UTF8.GetString(span) : Encoding.Latin1.GetString(span));
        bytes.Clear();
    }

    /// <summary>A <c>\U</c> escape's code point: a scalar value (no surrogate, at most U+10FFFF), else the row is malformed.</summary>
    private int ReadCodePoint()
    {
        var start = _position;
        var value = ReadHexValue(8);
        if (value is >= 0xD800 and <= 0xDFFF)
        {
            _position = start;
            throw Error("bad escape sequence (a surrogate is not a character)");
        }

        return value;
    }

    private int ReadHexValue(int digits)
    {
        if (_position + digits > _text.Length
            || !int.TryParse(_text.Slice(_position, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            || value is < 0 or > 0x10FFFF)
        {
            throw Error("bad escape sequence");
        }

        _position += digits;
        return value;
    }

    private double ParseNumber()
    {
        var start = _position;
        while (_position < _text.Length && (char.IsAsciiDigit(_text[_position]) || _text[_position] is '-' or '+' or '.' or 'e' or 'E'))
        {
            _position++;
        }

        return double.TryParse(_text[start.._position], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Error("bad number");
    }

    private object? ParseName()
    {
        var start = _position;
        while (_position < _text.Length && char.IsAsciiLetter(_text[_position]))
        {
            _position++;
        }

        return _text[start.._position] switch
        {
            "None" => null,
            "True" => true,
            "False" => false,
            _ => throw Error(start == _position ? $"unexpected character '{_text[start]}'" : "unknown name"),
        };
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    private bool TryConsume(char c)
    {
        if (_position < _text.Length && _text[_position] == c)
        {
            _position++;
            return true;
        }

        return false;
    }

    private void Expect(char c)
    {
        if (!TryConsume(c))
        {
            throw Error(_position >= _text.Length ? "unexpected end of line (truncated?)" : $"expected '{c}'");
        }
    }

    private readonly FormatException Error(string message) => new($"{message} at column {_position + 1}");
}
