namespace Crm.Engine.Templates;

/// <summary>
/// Finds the field paths a Handlebars template refers to, so unknown fields are reported when the template is
/// registered rather than when it is sent. Handlebars.Net has no public syntax tree, and rendering a probe model would
/// miss fields in branches the probe does not take, so the mustaches are scanned directly.
/// </summary>
/// <remarks>
/// Paths inside <c>#each</c> and <c>#with</c> blocks are relative to the block's item and are not checked, except
/// those starting with <c>@root.</c>. Literals, <c>this</c>, <c>@</c> variables and parent paths are never fields.
/// </remarks>
internal static class TemplateFieldScanner
{
    private static readonly HashSet<string> ScopeBlocks = new(StringComparer.Ordinal) { "each", "with" };

    public static List<TemplateReference> Scan(string template, IReadOnlySet<string> helpers)
    {
        var references = new List<TemplateReference>();
        var scopeDepth = 0;
        var position = 0;
        while (true)
        {
            var open = template.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                return references;
            }

            if (open > 0 && template[open - 1] == '\\')
            {
                position = open + 2; // an escaped mustache is literal text
                continue;
            }

            var triple = open + 2 < template.Length && template[open + 2] == '{';
            var closeToken = triple ? "}}}" : "}}";
            var bodyStart = open + (triple ? 3 : 2);
            var close = template.IndexOf(closeToken, bodyStart, StringComparison.Ordinal);
            if (close < 0)
            {
                return references; // Handlebars' own compiler reports the unclosed mustache
            }

            position = close + closeToken.Length;
            var body = template[bodyStart..close].Trim().Trim('~').Trim();
            if (body.Length == 0 || body[0] == '!')
            {
                continue;
            }

            var (line, column) = LineAndColumn(template, open);
            switch (body[0])
            {
                case '/':
                    if (ScopeBlocks.Contains(body[1..].Trim()) && scopeDepth > 0)
                    {
                        scopeDepth--;
                    }

                    continue;
                case '#':
                case '^':
                    {
                        var tokens = Tokenize(body[1..]);
                        if (tokens.Count == 0)
                        {
                            continue;
                        }

                        AddArguments(tokens, 1, scopeDepth, line, column, references);
                        if (ScopeBlocks.Contains(tokens[0]))
                        {
                            scopeDepth++;
                        }

                        continue;
                    }

                case '>':
                case '&':
                    continue;
                default:
                    {
                        var tokens = Tokenize(body);
                        if (tokens.Count == 0 || tokens[0] == "else")
                        {
                            continue;
                        }

                        var first = helpers.Contains(tokens[0]) ? 1 : 0;
                        AddArguments(tokens, first, scopeDepth, line, column, references);
                        continue;
                    }
            }
        }
    }

    private static void AddArguments(List<string> tokens, int first, int scopeDepth, int line, int column, List<TemplateReference> references)
    {
        for (var i = first; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                token = token[(equals + 1)..]; // hash argument: name=value
            }

            if (IsLiteral(token) || token.StartsWith("../", StringComparison.Ordinal) || token == "this" || token.StartsWith("this.", StringComparison.Ordinal))
            {
                continue;
            }

            if (token.StartsWith("@root.", StringComparison.Ordinal))
            {
                references.Add(new TemplateReference(token["@root.".Length..], line, column));
                continue;
            }

            if (token[0] == '(' && token.Length > 1)
            {
                // A subexpression such as (upper customer.firstName): its first token is a helper.
                AddArguments(Tokenize(token[1..^1]), 1, scopeDepth, line, column, references);
                continue;
            }

            if (token[0] == '@' || scopeDepth > 0)
            {
                continue;
            }

            references.Add(new TemplateReference(token, line, column));
        }
    }

    private static bool IsLiteral(string token) =>
        token.Length == 0
        || token[0] is '"' or '\''
        || char.IsDigit(token[0]) || (token[0] == '-' && token.Length > 1 && char.IsDigit(token[1]))
        || token is "true" or "false" or "null" or "undefined";

    private static List<string> Tokenize(string body)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < body.Length)
        {
            if (char.IsWhiteSpace(body[i]))
            {
                i++;
                continue;
            }

            var start = i;
            if (body[i] is '"' or '\'')
            {
                var quote = body[i++];
                while (i < body.Length && body[i] != quote)
                {
                    i++;
                }

                i = Math.Min(i + 1, body.Length);
            }
            else if (body[i] == '(')
            {
                var depth = 0;
                do
                {
                    depth += body[i] == '(' ? 1 : body[i] == ')' ? -1 : 0;
                    i++;
                }
                while (i < body.Length && depth > 0);
            }
            else
            {
                while (i < body.Length && !char.IsWhiteSpace(body[i]))
                {
                    if (body[i] is '"' or '\'')
                    {
                        var quote = body[i++];
                        while (i < body.Length && body[i] != quote)
                        {
                            i++;
                        }
                    }

                    i++;
                }

                i = Math.Min(i, body.Length);
            }

            tokens.Add(body[start..i]);
        }

        return tokens;
    }

    private static (int Line, int Column) LineAndColumn(string text, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, index - lineStart + 1);
    }
}
