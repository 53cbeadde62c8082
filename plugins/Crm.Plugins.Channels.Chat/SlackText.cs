using System.Text;

namespace Crm.Plugins.Channels.Chat;

/// <summary>
/// Converts between plain text and Slack's message text, where <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> are escaped
/// and <c>&lt;...&gt;</c> marks mentions, channel links and URLs.
/// </summary>
internal static class SlackText
{
    /// <summary>Escapes the three characters Slack reserves, so customer text is shown literally.</summary>
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny('&', '<', '>') < 0)
        {
            return text;
        }

        return text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);
    }

    /// <summary>
    /// Turns Slack markup into readable text: <c>&lt;@U1&gt;</c> becomes <c>@U1</c>, <c>&lt;#C1|general&gt;</c>
    /// <c>#general</c>, <c>&lt;!here&gt;</c> <c>@here</c>, <c>&lt;https://x|label&gt;</c> <c>label (https://x)</c>,
    /// and the escapes are decoded.
    /// </summary>
    public static string ToPlainText(string text)
    {
        if (text.AsSpan().IndexOfAny('&', '<') < 0)
        {
            return text;
        }

        var plain = new StringBuilder(text.Length);
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf('<', position);
            var close = open < 0 ? -1 : text.IndexOf('>', open + 1);
            if (close < 0)
            {
                AppendUnescaped(plain, text.AsSpan(position));
                break;
            }

            AppendUnescaped(plain, text.AsSpan(position, open - position));
            AppendMarkup(plain, text.AsSpan(open + 1, close - open - 1));
            position = close + 1;
        }

        return plain.ToString();
    }

    private static void AppendMarkup(StringBuilder plain, ReadOnlySpan<char> markup)
    {
        var bar = markup.IndexOf('|');
        var target = bar < 0 ? markup : markup[..bar];
        var label = bar < 0 ? [] : markup[(bar + 1)..];
        if (target.Length > 0 && target[0] is '@' or '#')
        {
            plain.Append(target[0]);
            AppendUnescaped(plain, label.Length > 0 ? label.TrimStart(target[0]) : target[1..]);
        }
        else if (target.Length > 0 && target[0] == '!')
        {
            // Special mentions (<!here>) and formatted values (<!date^...|fallback>) read as their label or name.
            if (label.Length > 0)
            {
                AppendUnescaped(plain, label);
            }
            else
            {
                plain.Append('@');
                AppendUnescaped(plain, target[1..]);
            }
        }
        else if (label.Length > 0 && !label.SequenceEqual(target))
        {
            AppendUnescaped(plain, label);
            plain.Append(" (");
            AppendUnescaped(plain, target);
            plain.Append(')');
        }
        else
        {
            AppendUnescaped(plain, target);
        }
    }

    private static void AppendUnescaped(StringBuilder plain, ReadOnlySpan<char> text)
    {
        while (text.Length > 0)
        {
            var amp = text.IndexOf('&');
            if (amp < 0)
            {
                plain.Append(text);
                return;
            }

            plain.Append(text[..amp]);
            text = text[amp..];
            if (text.StartsWith("&amp;", StringComparison.Ordinal))
            {
                plain.Append('&');
                text = text[5..];
            }
            else if (text.StartsWith("&lt;", StringComparison.Ordinal))
            {
                plain.Append('<');
                text = text[4..];
            }
            else if (text.StartsWith("&gt;", StringComparison.Ordinal))
            {
                plain.Append('>');
                text = text[4..];
            }
            else
            {
                plain.Append('&');
                text = text[1..];
            }
        }
    }
}
