using System.Globalization;
using Nebula.Milvus;

namespace Nebula.VectorService.Query;

/// <summary>
/// Parses the part of Milvus' boolean expression language that Nebula uses: field names, string/number/bool literals,
/// lists, <c>== != &lt; &lt;= &gt; &gt;=</c>, <c>in</c>, <c>not in</c>, <c>like "prefix%"</c>, <c>and or not</c> (also
/// <c>&amp;&amp; || !</c>), parentheses and the array functions <c>ARRAY_CONTAINS</c>, <c>ARRAY_CONTAINS_ALL</c> and
/// <c>ARRAY_CONTAINS_ANY</c> (either case, as Milvus' grammar has them). Anything else is refused with the position, never guessed. Nesting is
/// bounded: parentheses, <c>not</c> and lists deeper than <see cref="MaxDepth"/> are refused, so that no request can
/// exhaust the server's stack.
/// </summary>
internal sealed class FilterParser
{
    /// <summary>Deepest nesting accepted; far beyond any filter Nebula builds.</summary>
    public const int MaxDepth = 64;

    private readonly List<FilterToken> _tokens;
    private int _index;
    private int _depth;

    private FilterParser(List<FilterToken> tokens) => _tokens = tokens;

    private FilterToken Current => _tokens[_index];

    public static FilterNode Parse(string text)
    {
        var parser = new FilterParser(FilterTokenizer.Tokenize(text));
        var root = parser.ParseOr();
        if (parser.Current.Kind != FilterTokenKind.End)
        {
            throw Error($"unexpected '{parser.Current.Text}'", parser.Current.Position);
        }

        return root;
    }

    public static VectorServiceException Error(string message, int position) =>
        new(MilvusErrorCodes.InvalidParameter, string.Create(CultureInfo.InvariantCulture, $"cannot parse expression: {message} at position {position}"));

    private FilterNode ParseOr()
    {
        var operands = new List<FilterNode> { ParseAnd() };
        while (IsWord("or") || IsSymbol("||"))
        {
            _index++;
            operands.Add(ParseAnd());
        }

        return operands.Count == 1 ? operands[0] : new FilterNode.Logical(isAnd: false, operands);
    }

    private FilterNode ParseAnd()
    {
        var operands = new List<FilterNode> { ParseNot() };
        while (IsWord("and") || IsSymbol("&&"))
        {
            _index++;
            operands.Add(ParseNot());
        }

        return operands.Count == 1 ? operands[0] : new FilterNode.Logical(isAnd: true, operands);
    }

    private FilterNode ParseNot()
    {
        if (IsWord("not") || IsSymbol("!"))
        {
            var position = Current.Position;
            _index++;
            return Nested(position, () => new FilterNode.Not(ParseNot()));
        }

        return ParseComparison();
    }

    private FilterNode ParseComparison()
    {
        var left = ParsePrimary();
        if (Current.Kind == FilterTokenKind.Symbol && Current.Text is "==" or "!=" or "<" or "<=" or ">" or ">=")
        {
            var op = _tokens[_index++].Text;
            return new FilterNode.Comparison(op, left, ParsePrimary());
        }

        if (IsWord("in"))
        {
            _index++;
            return new FilterNode.Comparison("in", left, ParsePrimary());
        }

        if (IsWord("not") && _tokens[_index + 1] is { Kind: FilterTokenKind.Identifier, Text: "in" })
        {
            _index += 2;
            return new FilterNode.Comparison("not in", left, ParsePrimary());
        }

        if (IsWord("like"))
        {
            _index++;
            return new FilterNode.Comparison("like", left, ParsePrimary());
        }

        return left;
    }

    private FilterNode ParsePrimary()
    {
        var token = _tokens[_index++];
        switch (token.Kind)
        {
            case FilterTokenKind.String:
                return new FilterNode.Constant(token.Text);
            case FilterTokenKind.Number:
                return double.TryParse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? new FilterNode.Constant(number)
                    : throw Error($"bad number '{token.Text}'", token.Position);
            case FilterTokenKind.Identifier when token.Text is "true" or "True" or "TRUE":
                return new FilterNode.Constant(true);
            case FilterTokenKind.Identifier when token.Text is "false" or "False" or "FALSE":
                return new FilterNode.Constant(false);
            case FilterTokenKind.Identifier when IsSymbol("("):
                return ParseFunction(token);
            case FilterTokenKind.Identifier:
                return new FilterNode.FieldReference(token.Text);
            case FilterTokenKind.Symbol when token.Text == "(":
                return Nested(token.Position, () =>
                {
                    var inner = ParseOr();
                    Expect(")");
                    return inner;
                });
            case FilterTokenKind.Symbol when token.Text == "[":
                return Nested(token.Position, () =>
                {
                    var items = new List<FilterNode>();
                    if (!IsSymbol("]"))
                    {
                        do
                        {
                            items.Add(ParsePrimary());
                        }
                        while (TryConsume(","));
                    }

                    Expect("]");
                    return new FilterNode.ListNode(items);
                });
            default:
                throw Error(token.Kind == FilterTokenKind.End ? "unexpected end" : $"unexpected '{token.Text}'", token.Position);
        }
    }

    /// <summary><c>NAME(field, value)</c>: the array functions, their names in Milvus' upper or lower case.</summary>
    private FilterNode ParseFunction(FilterToken name)
    {
        var kind = name.Text switch
        {
            "ARRAY_CONTAINS" or "array_contains" => FilterNode.ArrayContainment.Kind.One,
            "ARRAY_CONTAINS_ALL" or "array_contains_all" => FilterNode.ArrayContainment.Kind.All,
            "ARRAY_CONTAINS_ANY" or "array_contains_any" => FilterNode.ArrayContainment.Kind.Any,
            _ => throw Error($"unknown function '{name.Text}'", name.Position),
        };
        return Nested(name.Position, () =>
        {
            Expect("(");
            var field = ParsePrimary();
            if (field is not FilterNode.FieldReference)
            {
                throw Error($"{name.Text} needs a field name first", name.Position);
            }

            Expect(",");
            var value = ParsePrimary();
            if (kind != FilterNode.ArrayContainment.Kind.One && value is not FilterNode.ListNode)
            {
                throw Error($"{name.Text} needs a list second", name.Position);
            }

            Expect(")");
            return new FilterNode.ArrayContainment(kind, field, value);
        });
    }

    private FilterNode Nested(int position, Func<FilterNode> parse)
    {
        if (++_depth > MaxDepth)
        {
            throw Error($"nested deeper than {MaxDepth} levels", position);
        }

        var node = parse();
        _depth--;
        return node;
    }

    private bool IsWord(string word) => Current.Kind == FilterTokenKind.Identifier && Current.Text == word;

    private bool IsSymbol(string symbol) => Current.Kind == FilterTokenKind.Symbol && Current.Text == symbol;

    private bool TryConsume(string symbol)
    {
        if (IsSymbol(symbol))
        {
            _index++;
            return true;
        }

        return false;
    }

    private void Expect(string symbol)
    {
        if (!TryConsume(symbol))
        {
            throw Error($"expected '{symbol}'", Current.Position);
        }
    }
}
