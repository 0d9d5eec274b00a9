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
        return $"{Field(field)} in {List(values)}";
    }

    /// <summary><c>not (field in [...])</c>.</summary>
    public static string NotIn(string field, IEnumerable<string> values) => $"not ({In(field, values)})";

    /// <summary><c>ARRAY_CONTAINS_ANY(field, ["a", "b"])</c>: an array field holding at least one of the values.</summary>
    public static string ContainsAny(string field, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return $"ARRAY_CONTAINS_ANY({Field(field)}, {List(values)})";
    }

    /// <summary><c>field &gt;= value</c>; a row whose field is null does not match (as in Milvus).</summary>
    public static string AtLeast(string field, double value) => $"{Field(field)} >= {Number(value)}";

    /// <summary><c>field &lt;= value</c>; a row whose field is null does not match (as in Milvus).</summary>
    public static string AtMost(string field, double value) => $"{Field(field)} <= {Number(value)}";

    /// <summary>The clauses joined by <c>and</c>, each in parentheses; null or empty clauses are left out; null when none is left.</summary>
    public static string? And(params IEnumerable<string?> clauses)
    {
        ArgumentNullException.ThrowIfNull(clauses);
        var present = clauses.Where(c => !string.IsNullOrEmpty(c)).ToList();
        return present.Count switch
        {
            0 => null,
            1 => present[0],
            _ => string.Join(" and ", present.Select(c => $"({c})")),
        };
    }

    /// <summary>A number literal in invariant form that round-trips ("R"); not finite numbers have no literal.</summary>
    public static string Number(double value) =>
        double.IsFinite(value)
            ? value.ToString("R", CultureInfo.InvariantCulture)
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Milvus expressions have no literal for a number that is not finite.");

    /// <summary><c>["a", "b"]</c>: a list of string literals.</summary>
    private static string List(IEnumerable<string> values) => $"[{string.Join(", ", values.Select(Literal))}]";

    /// <summary>A field name, checked: only identifiers can be field names.</summary>
    public static string Field(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Identifier().IsMatch(name) ? name : throw new ArgumentException($"'{name}' is not a valid Milvus field name.", nameof(name));
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,254}$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
