using System.Text.Json;

namespace Nebula.VectorService.Query;

/// <summary>
/// A parsed Milvus boolean expression (the part of the language Nebula uses; see <see cref="FilterParser"/>), evaluated
/// against a row's scalar fields.
/// </summary>
internal sealed class FilterExpression
{
    private readonly FilterNode _root;

    private FilterExpression(FilterNode root) => _root = root;

    /// <summary>Parses <paramref name="text"/>; anything outside the served language is refused with its position (code 1100).</summary>
    public static FilterExpression Parse(string text) => new(FilterParser.Parse(text));

    public bool Matches(JsonElement row) => _root.Evaluate(row) is true;

    /// <summary>
    /// When the whole expression is <c>field == "a"</c> or <c>field in ["a", "b"]</c> on <paramref name="field"/>, the
    /// values (so a primary-key filter is a lookup, not a scan); otherwise null.
    /// </summary>
    public IReadOnlyList<string>? ExactValuesOf(string field)
    {
        if (_root is not FilterNode.Comparison { Operator: "==" or "in" } comparison
            || comparison.Left is not FilterNode.FieldReference reference
            || reference.Name != field)
        {
            return null;
        }

        return comparison.Right switch
        {
            FilterNode.Constant { Value: string single } => [single],
            FilterNode.ListNode list when list.Items.All(i => i is FilterNode.Constant { Value: string }) =>
                [.. list.Items.Select(i => (string)((FilterNode.Constant)i).Value!)],
            _ => null,
        };
    }
}
