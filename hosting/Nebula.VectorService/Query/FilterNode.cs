using System.Text.Json;

namespace Nebula.VectorService.Query;

/// <summary>A node of a parsed filter; evaluating it against a row gives a string, a number (double), a bool, a list, or null.</summary>
internal abstract class FilterNode
{
    public abstract object? Evaluate(JsonElement row);

    public sealed class Constant(object? value) : FilterNode
    {
        public object? Value { get; } = value;

        public override object? Evaluate(JsonElement row) => Value;
    }

    public sealed class FieldReference(string name) : FilterNode
    {
        public string Name { get; } = name;

        public override object? Evaluate(JsonElement row) => row.TryGetProperty(Name, out var value) ? FilterValues.FromJson(value) : null;
    }

    public sealed class ListNode(IReadOnlyList<FilterNode> items) : FilterNode
    {
        public IReadOnlyList<FilterNode> Items { get; } = items;

        public override object? Evaluate(JsonElement row) => Items.Select(i => i.Evaluate(row)).ToList();
    }

    public sealed class Not(FilterNode operand) : FilterNode
    {
        public override object? Evaluate(JsonElement row) => operand.Evaluate(row) is bool b ? !b : null;
    }

    /// <summary><c>a and b and …</c> or <c>a or b or …</c>, kept flat so that a long chain is not a deep tree.</summary>
    public sealed class Logical(bool isAnd, IReadOnlyList<FilterNode> operands) : FilterNode
    {
        public override object? Evaluate(JsonElement row) => isAnd
            ? operands.All(operand => operand.Evaluate(row) is true)
            : operands.Any(operand => operand.Evaluate(row) is true);
    }

    /// <summary><c>ARRAY_CONTAINS(field, v)</c>, <c>ARRAY_CONTAINS_ALL(field, [..])</c>, <c>ARRAY_CONTAINS_ANY(field, [..])</c>; a field that is not an array matches nothing.</summary>
    public sealed class ArrayContainment(ArrayContainment.Kind kind, FilterNode field, FilterNode value) : FilterNode
    {
        public enum Kind
        {
            One,
            All,
            Any,
        }

        public override object? Evaluate(JsonElement row)
        {
            if (field.Evaluate(row) is not List<object?> array)
            {
                return false;
            }

            var wanted = value.Evaluate(row);
            bool Holds(object? item) => array.Any(element => FilterValues.Compare(element, item) == 0);
            return kind switch
            {
                Kind.One => Holds(wanted),
                Kind.All => wanted is List<object?> all && all.All(Holds),
                _ => wanted is List<object?> any && any.Any(Holds),
            };
        }
    }

    public sealed class Comparison(string op, FilterNode left, FilterNode right) : FilterNode
    {
        public string Operator { get; } = op;

        public FilterNode Left { get; } = left;

        public FilterNode Right { get; } = right;

        public override object? Evaluate(JsonElement row)
        {
            var l = Left.Evaluate(row);
            var r = Right.Evaluate(row);
            switch (Operator)
            {
                case "in":
                    return r is List<object?> list && list.Any(item => FilterValues.Compare(l, item) == 0);
                case "not in":
                    return r is List<object?> excluded && !excluded.Any(item => FilterValues.Compare(l, item) == 0);
                case "like":
                    return l is string s && r is string pattern && FilterValues.Like(s, pattern);
            }

            var comparison = FilterValues.Compare(l, r);
            if (comparison is null)
            {
                return Operator == "!=";
            }

            return Operator switch
            {
                "==" => comparison == 0,
                "!=" => comparison != 0,
                "<" => comparison < 0,
                "<=" => comparison <= 0,
                ">" => comparison > 0,
                ">=" => comparison >= 0,
                _ => null,
            };
        }
    }
}
