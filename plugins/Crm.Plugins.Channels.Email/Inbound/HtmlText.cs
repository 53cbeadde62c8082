using System.Net;
using System.Text;

namespace Crm.Plugins.Channels.Email.Inbound;

/// <summary>
/// Turns an HTML body into readable text when a message has no text part: drops tags, comments, scripts and styles,
/// breaks lines at block elements and decodes entities. A linear scan, so hostile input cannot make it slow.
/// </summary>
internal static class HtmlText
{
    private static readonly string[] BlockTags = ["br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "hr"];
    private static readonly string[] SkippedTags = ["script", "style", "head", "title"];

    public static string ToText(string html)
    {
        var output = new StringBuilder(html.Length);
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c != '<')
            {
                output.Append(c);
                i++;
                continue;
            }

            if (string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
            {
                var end = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = end < 0 ? html.Length : end + 3;
                continue;
            }

            var close = TagEnd(html, i + 1);
            var name = TagName(html, i + 1, out var closing);
            i = close;
            if (name.Length == 0)
            {
                continue;
            }

            if (!closing && SkippedTags.Contains(name, StringComparer.Ordinal))
            {
                var endTag = html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                i = endTag < 0 ? html.Length : TagEnd(html, endTag + 2);
                continue;
            }

            if (name == "li")
            {
                // An item starts a line with a dash; its end adds nothing, so items are not spread apart.
                if (!closing)
                {
                    output.Append("\n- ");
                }
            }
            else if (BlockTags.Contains(name, StringComparer.Ordinal))
            {
                output.Append('\n');
            }
            else if (name is "td" or "th")
            {
                output.Append(' ');
            }
        }

        return Tidy(WebUtility.HtmlDecode(output.ToString()));
    }

    private static int TagEnd(string html, int start)
    {
        var quote = '\0';
        for (var i = start; i < html.Length; i++)
        {
            var c = html[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return i + 1;
            }
        }

        return html.Length;
    }

    private static string TagName(string html, int start, out bool closing)
    {
        closing = start < html.Length && html[start] == '/';
        var i = closing ? start + 1 : start;
        var begin = i;
        while (i < html.Length && char.IsAsciiLetterOrDigit(html[i]))
        {
            i++;
        }

        return html[begin..i].ToLowerInvariant();
    }

    private static string Tidy(string text)
    {
        var lines = new List<string>();
        var blank = 0;
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = string.Join(' ', raw.Replace('\u00A0', ' ').Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
            if (line.Length == 0)
            {
                blank++;
                continue;
            }

            if (lines.Count > 0 && blank > 0)
            {
                lines.Add("");
            }

            blank = 0;
            lines.Add(line);
        }

        return string.Join('\n', lines);
    }
}
