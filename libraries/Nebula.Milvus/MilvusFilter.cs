using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Nebula.Milvus;

/// <summary>
/// Builds Milvus boolean expressions with values escaped, never interpolated raw (the original built
/// <c>item_id == '{item_id}'</c> from user input).
/// </summary>
public static partial class MilvusFilter
{
    /// <summary>A double-quoted string literal: backslash, quote and control characters are escaped.</summary>
    public static string Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => builder.Append(@"\\"),
                '"' => builder.Append("\\\""),
                '\n' => builder.Append(@"\n"),
                '\r' => builder.Append(@"\r"),
                '\t' => builder.Append(@"\t"),
                < ' ' => builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => builder.Append(c),
            };
        }

        return builder.Append('"').ToString();
    }

    /// <summary><c>field == "value"</c>.</summary>
    public static string Equal(string field, string value) => $"{Field(field)} == {Literal(value)}";

    /// <summary><c>field != "value"</c>.</summary>
    public static string NotEqual(string field, string value) => $"{Field(field)} != {Literal(value)}";

    /// <summary><c>field in ["a", "b"]</c>.</summary>
    public static string In(string field, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return $"{Field(field)} in [{string.Join(", ", values.Select(Literal))}]";
    }

    /// <summary><c>not (field in [...])</c>.</summary>
    public static string NotIn(string field, IEnumerable<string> values) => $"not ({In(field, values)})";

    /// <summary>A field name, checked: only identifiers can be field names.</summary>
    public static string Field(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Identifier().IsMatch(name) ? name : throw new ArgumentException($"'{name}' is not a valid Milvus field name.", nameof(name));
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,254}$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
