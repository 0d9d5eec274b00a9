using System.Text.Json;

namespace Nebula.VectorService.Query;

/// <summary>How filter values compare and match, as Milvus does it for the types Nebula stores.</summary>
internal static class FilterValues
{
    public static int? Compare(object? left, object? right) => (left, right) switch
    {
        (string a, string b) => string.CompareOrdinal(a, b),
        (double a, double b) => a.CompareTo(b),
        (bool a, bool b) => a.CompareTo(b),
        _ => null,
    };

    /// <summary>Milvus' <c>like</c>: <c>%</c> matches any run of characters (prefix, suffix or infix forms).</summary>
    public static bool Like(string value, string pattern)
    {
        var parts = pattern.Split('%');
        if (parts.Length == 1)
        {
            return value == pattern;
        }

        if (!value.StartsWith(parts[0], StringComparison.Ordinal) || !value.EndsWith(parts[^1], StringComparison.Ordinal))
        {
            return false;
        }

        var position = parts[0].Length;
        foreach (var part in parts[1..^1])
        {
            var found = value.IndexOf(part, position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            position = found + part.Length;
        }

        return position <= value.Length - parts[^1].Length;
    }

    public static object? FromJson(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => value.EnumerateArray().Select(FromJson).ToList(),
        _ => null,
    };
}
