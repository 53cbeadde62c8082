using System.Net;
using System.Text;

namespace Crm.Plugins.Channels.Social;

/// <summary>
/// Turns a status's HTML (<c>&lt;p&gt;</c>, <c>&lt;br&gt;</c>, links, mention spans) into plain text: tags are dropped,
/// paragraphs and line breaks become new lines, and entities are decoded after the tags are gone, so an escaped
/// <c>&amp;lt;b&amp;gt;</c> stays the literal text <c>&lt;b&gt;</c>.
/// </summary>
internal static class HtmlText
{
    public static string ToPlainText(string html)
    {
        var text = new StringBuilder(html.Length);
        var position = 0;
        while (position < html.Length)
        {
            var open = html.IndexOf('<', position);
            if (open < 0)
            {
                AppendDecoded(text, html[position..]);
                break;
            }

            AppendDecoded(text, html[position..open]);
            if (open + 1 < html.Length && !(char.IsAsciiLetter(html[open + 1]) || html[open + 1] is '/' or '!'))
            {
                text.Append('<'); // "1 < 2" is text, not a tag
                position = open + 1;
                continue;
            }

            var close = html.IndexOf('>', open + 1);
            if (close < 0)
            {
                AppendDecoded(text, html[open..]); // a lone '<' is text
                break;
            }

            var tag = TagName(html.AsSpan(open + 1, close - open - 1), out var closing);
            position = close + 1;
            if (tag is "br")
            {
                text.Append('\n');
            }
            else if (tag is "p" && !closing && text.Length > 0)
            {
                TrimTrailingSpaces(text);
                text.Append("\n\n");
            }
            else if (tag is "script" or "style" && !closing)
            {
                var end = html.IndexOf("</" + tag, position, StringComparison.OrdinalIgnoreCase);
                position = end < 0 ? html.Length : end;
            }
        }

        return text.ToString().Trim();
    }

    private static string TagName(ReadOnlySpan<char> inside, out bool closing)
    {
        closing = inside.StartsWith('/');
        var name = closing ? inside[1..] : inside;
        var length = 0;
        while (length < name.Length && char.IsAsciiLetterOrDigit(name[length]))
        {
            length++;
        }

        return name[..length].ToString().ToLowerInvariant();
    }

    private static void AppendDecoded(StringBuilder text, string run)
    {
        if (run.Length > 0)
        {
            text.Append(WebUtility.HtmlDecode(run));
        }
    }

    private static void TrimTrailingSpaces(StringBuilder text)
    {
        while (text.Length > 0 && text[^1] == ' ')
        {
            text.Length--;
        }
    }
}
