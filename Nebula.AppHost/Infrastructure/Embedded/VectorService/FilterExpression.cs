using System.Globalization;
using System.Text;
using System.Text.Json;
using Nebula.Core.Milvus;

namespace Nebula.AppHost.Infrastructure.Embedded.VectorService;

/// <summary>
/// The part of Milvus' boolean expression language that Nebula uses: field names, string/number/bool literals
/// (strings with backslash escapes), lists, <c>== != &lt; &lt;= &gt; &gt;=</c>, <c>in</c>, <c>not in</c>,
/// <c>like "prefix%"</c>, <c>and or not</c> (also <c>&amp;&amp; || !</c>) and parentheses. Anything else is refused with
/// the position, never guessed.
/// </summary>
internal sealed class FilterExpression
{
    private readonly Node _root;

    private FilterExpression(Node root) => _root = root;

    public static FilterExpression Parse(string text)
    {
        var parser = new Parser(Tokenize(text));
        var root = parser.ParseExpression();
        parser.ExpectEnd();
        return new FilterExpression(root);
    }

    public bool Matches(JsonElement row) => _root.Evaluate(row) is true;

    /// <summary>
    /// When the whole expression is <c>field == "a"</c> or <c>field in ["a", "b"]</c> on <paramref name="field"/>, the
    /// values (so a primary-key filter is a lookup, not a scan); otherwise null.
    /// </summary>
    public IReadOnlyList<string>? ExactValuesOf(string field)
    {
        if (_root is not Comparison { Operator: "==" or "in" } comparison || comparison.Left is not FieldReference reference || reference.Name != field)
        {
            return null;
        }

        return comparison.Right switch
        {
            Constant { Value: string single } => [single],
            ListNode list when list.Items.All(i => i is Constant { Value: string }) => [.. list.Items.Select(i => (string)((Constant)i).Value!)],
            _ => null,
        };
    }

    // ---- values and nodes ----

    private abstract class Node
    {
        public abstract object? Evaluate(JsonElement row);
    }

    private sealed class Constant(object? value) : Node
    {
        public object? Value { get; } = value;

        public override object? Evaluate(JsonElement row) => Value;
    }

    private sealed class FieldReference(string name) : Node
    {
        public string Name { get; } = name;

        public override object? Evaluate(JsonElement row)
            => row.TryGetProperty(Name, out var value) ? FromJson(value) : null;
    }

    private sealed class ListNode(IReadOnlyList<Node> items) : Node
    {
        public IReadOnlyList<Node> Items { get; } = items;

        public override object? Evaluate(JsonElement row) => Items.Select(i => i.Evaluate(row)).ToList();
    }

    private sealed class Unary(Node operand) : Node
    {
        public override object? Evaluate(JsonElement row) => operand.Evaluate(row) is bool b ? !b : null;
    }

    private sealed class Logical(string op, Node left, Node right) : Node
    {
        public override object? Evaluate(JsonElement row) => op == "and"
            ? left.Evaluate(row) is true && right.Evaluate(row) is true
            : left.Evaluate(row) is true || right.Evaluate(row) is true;
    }

    private sealed class Comparison(string op, Node left, Node right) : Node
    {
        public string Operator { get; } = op;

        public Node Left { get; } = left;

        public Node Right { get; } = right;

        public override object? Evaluate(JsonElement row)
        {
            var l = Left.Evaluate(row);
            var r = Right.Evaluate(row);
            switch (Operator)
            {
                case "in":
                    return r is List<object?> list && list.Any(item => Compare(l, item) == 0);
                case "not in":
                    return r is List<object?> excluded && !excluded.Any(item => Compare(l, item) == 0);
                case "like":
                    return l is string s && r is string pattern && Like(s, pattern);
            }

            var comparison = Compare(l, r);
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

    private static int? Compare(object? left, object? right) => (left, right) switch
    {
        (string a, string b) => string.CompareOrdinal(a, b),
        (double a, double b) => a.CompareTo(b),
        (bool a, bool b) => a.CompareTo(b),
        _ => null,
    };

    /// <summary>Milvus' <c>like</c>: <c>%</c> matches any run of characters (prefix, suffix or infix forms).</summary>
    private static bool Like(string value, string pattern)
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

    private static object? FromJson(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => value.EnumerateArray().Select(FromJson).ToList(),
        _ => null,
    };

    // ---- tokens ----

    private enum TokenKind { Identifier, String, Number, Symbol, End }

    private readonly record struct Token(TokenKind Kind, string Text, int Position);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
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
                        throw Error("unterminated string", start);
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
                        throw Error("unterminated string", start);
                    }

                    var escaped = text[i++];
                    value.Append(escaped switch
                    {
                        'n' => "\n",
                        'r' => "\r",
                        't' => "\t",
                        'u' when i + 4 <= text.Length => ((char)int.Parse(text.AsSpan(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString(),
                        _ => escaped.ToString(),
                    });
                    if (escaped == 'u')
                    {
                        i += 4;
                    }
                }

                tokens.Add(new Token(TokenKind.String, value.ToString(), start));
            }
            else if (char.IsAsciiDigit(c) || (c is '-' or '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                var start = i++;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is '.' or 'e' or 'E' || (text[i] is '-' or '+' && text[i - 1] is 'e' or 'E')))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Number, text[start..i], start));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Identifier, text[start..i], start));
            }
            else
            {
                var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
                if (two is "==" or "!=" or "<=" or ">=" or "&&" or "||")
                {
                    tokens.Add(new Token(TokenKind.Symbol, two, i));
                    i += 2;
                }
                else if (c is '<' or '>' or '(' or ')' or '[' or ']' or ',' or '!')
                {
                    tokens.Add(new Token(TokenKind.Symbol, c.ToString(), i));
                    i++;
                }
                else
                {
                    throw Error($"unexpected character '{c}'", i);
                }
            }
        }

        tokens.Add(new Token(TokenKind.End, "", text.Length));
        return tokens;
    }

    private static VectorServiceException Error(string message, int position)
        => new(MilvusErrorCodes.InvalidParameter, $"cannot parse expression: {message} at position {position}");

    private sealed class Parser(List<Token> tokens)
    {
        private int _index;

        private Token Current => tokens[_index];

        public Node ParseExpression() => ParseOr();

        public void ExpectEnd()
        {
            if (Current.Kind != TokenKind.End)
            {
                throw Error($"unexpected '{Current.Text}'", Current.Position);
            }
        }

        private Node ParseOr()
        {
            var left = ParseAnd();
            while (IsWord("or") || IsSymbol("||"))
            {
                _index++;
                left = new Logical("or", left, ParseAnd());
            }

            return left;
        }

        private Node ParseAnd()
        {
            var left = ParseNot();
            while (IsWord("and") || IsSymbol("&&"))
            {
                _index++;
                left = new Logical("and", left, ParseNot());
            }

            return left;
        }

        private Node ParseNot()
        {
            if (IsWord("not") || IsSymbol("!"))
            {
                _index++;
                return new Unary(ParseNot());
            }

            return ParseComparison();
        }

        private Node ParseComparison()
        {
            var left = ParsePrimary();
            if (Current.Kind == TokenKind.Symbol && Current.Text is "==" or "!=" or "<" or "<=" or ">" or ">=")
            {
                var op = tokens[_index++].Text;
                return new Comparison(op, left, ParsePrimary());
            }

            if (IsWord("in"))
            {
                _index++;
                return new Comparison("in", left, ParsePrimary());
            }

            if (IsWord("not") && tokens[_index + 1] is { Kind: TokenKind.Identifier, Text: "in" })
            {
                _index += 2;
                return new Comparison("not in", left, ParsePrimary());
            }

            if (IsWord("like"))
            {
                _index++;
                return new Comparison("like", left, ParsePrimary());
            }

            return left;
        }

        private Node ParsePrimary()
        {
            var token = tokens[_index++];
            switch (token.Kind)
            {
                case TokenKind.String:
                    return new Constant(token.Text);
                case TokenKind.Number:
                    return double.TryParse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                        ? new Constant(number)
                        : throw Error($"bad number '{token.Text}'", token.Position);
                case TokenKind.Identifier when token.Text is "true" or "True" or "TRUE":
                    return new Constant(true);
                case TokenKind.Identifier when token.Text is "false" or "False" or "FALSE":
                    return new Constant(false);
                case TokenKind.Identifier:
                    return new FieldReference(token.Text);
                case TokenKind.Symbol when token.Text == "(":
                    var inner = ParseOr();
                    Expect(")");
                    return inner;
                case TokenKind.Symbol when token.Text == "[":
                    var items = new List<Node>();
                    if (!IsSymbol("]"))
                    {
                        do
                        {
                            items.Add(ParsePrimary());
                        }
                        while (TryConsume(","));
                    }

                    Expect("]");
                    return new ListNode(items);
                default:
                    throw Error(token.Kind == TokenKind.End ? "unexpected end" : $"unexpected '{token.Text}'", token.Position);
            }
        }

        private bool IsWord(string word) => Current.Kind == TokenKind.Identifier && Current.Text == word;

        private bool IsSymbol(string symbol) => Current.Kind == TokenKind.Symbol && Current.Text == symbol;

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
}
