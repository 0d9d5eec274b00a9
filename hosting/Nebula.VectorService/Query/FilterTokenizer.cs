using System.Globalization;
using System.Text;

namespace Nebula.VectorService.Query;

/// <summary>Splits a filter into identifiers, string literals (with backslash escapes), numbers and symbols.</summary>
internal static class FilterTokenizer
{
    public static List<FilterToken> Tokenize(string text)
    {
        var tokens = new List<FilterToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '"' or '\'')
            {
                var start = i++;
                var value = new StringBuilder();
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw FilterParser.Error("unterminated string", start);
                    }

                    var ch = text[i++];
                    if (ch == c)
                    {
                        break;
                    }

                    if (ch != '\\')
                    {
                        value.Append(ch);
                        continue;
                    }

                    if (i >= text.Length)
                    {
                        throw FilterParser.Error("unterminated string", start);
                    }

                    var escaped = text[i++];
                    value.Append(escaped switch
                    {
                        'n' => "\n",
                        'r' => "\r",
                        't' => "\t",
                        'u' => ((char)UnicodeEscape(text, i, start)).ToString(),
                        _ => escaped.ToString(),
                    });
                    if (escaped == 'u')
                    {
                        i += 4;
                    }
                }

                tokens.Add(new FilterToken(FilterTokenKind.String, value.ToString(), start));
            }
            else if (char.IsAsciiDigit(c) || (c is '-' or '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                var start = i++;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is '.' or 'e' or 'E' || (text[i] is '-' or '+' && text[i - 1] is 'e' or 'E')))
                {
                    i++;
                }

                tokens.Add(new FilterToken(FilterTokenKind.Number, text[start..i], start));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new FilterToken(FilterTokenKind.Identifier, text[start..i], start));
            }
            else
            {
                var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
                if (two is "==" or "!=" or "<=" or ">=" or "&&" or "||")
                {
                    tokens.Add(new FilterToken(FilterTokenKind.Symbol, two, i));
                    i += 2;
                }
                else if (c is '<' or '>' or '(' or ')' or '[' or ']' or ',' or '!')
                {
                    tokens.Add(new FilterToken(FilterTokenKind.Symbol, c.ToString(), i));
                    i++;
                }
                else
                {
                    throw FilterParser.Error($"unexpected character '{c}'", i);
                }
            }
        }

        tokens.Add(new FilterToken(FilterTokenKind.End, "", text.Length));
        return tokens;
    }

    /// <summary>The four hex digits of a <c>\u</c> escape at <paramref name="at"/>; anything else is the caller's error (400), not a crash.</summary>
    private static int UnicodeEscape(string text, int at, int literalStart) =>
        at + 4 <= text.Length && int.TryParse(text.AsSpan(at, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw FilterParser.Error("a \\u escape needs four hex digits", literalStart);
}
