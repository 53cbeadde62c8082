using System.Text;
using Crm.Plugins.Channels.Email.Mime;

namespace Crm.Plugins.Channels.Email.Inbound;

/// <summary>
/// Reads the first mailbox of an address header (<c>From</c>): <c>Name &lt;a@b&gt;</c>, <c>"Last, First" &lt;a@b&gt;</c>,
/// <c>a@b (Name)</c> or a bare address, with encoded-word names decoded.
/// </summary>
internal static class MailboxParser
{
    /// <summary>Returns the address and display name of the first mailbox, or <see langword="false"/> when there is none.</summary>
    public static bool TryParse(string? value, out string address, out string? displayName)
    {
        address = "";
        displayName = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var mailbox = FirstMailbox(value);
        var phrase = new StringBuilder();
        var comment = new StringBuilder();
        var bare = new StringBuilder();
        string? angle = null;
        var depth = 0;
        var quoted = false;
        for (var i = 0; i < mailbox.Length; i++)
        {
            var c = mailbox[i];
            if (quoted)
            {
                if (c == '\\' && i + 1 < mailbox.Length)
                {
                    phrase.Append(mailbox[++i]);
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    phrase.Append(c);
                }
            }
            else if (depth > 0)
            {
                if (c == '\\' && i + 1 < mailbox.Length)
                {
                    comment.Append(mailbox[++i]);
                }
                else if (c == '(')
                {
                    depth++;
                }
                else if (c == ')')
                {
                    depth--;
                }
                else
                {
                    comment.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == '(')
            {
                depth = 1;
                comment.Clear();
            }
            else if (c == '<' && angle is null)
            {
                var close = mailbox.IndexOf('>', i + 1);
                angle = close < 0 ? mailbox[(i + 1)..] : mailbox[(i + 1)..close];
                i = close < 0 ? mailbox.Length : close;
            }
            else
            {
                phrase.Append(c);
                bare.Append(c);
            }
        }

        var candidate = (angle ?? bare.ToString()).Trim();

        // A source route (<@relay:a@b>) is obsolete syntax; keep the address after it.
        var colon = candidate.LastIndexOf(':');
        if (candidate.StartsWith('@') && colon > 0)
        {
            candidate = candidate[(colon + 1)..];
        }

        if (!LooksLikeAddress(candidate))
        {
            return false;
        }

        address = candidate;
        var name = angle is not null ? phrase.ToString() : comment.ToString();
        name = EncodedWords.Decode(Collapse(name)).Trim();
        displayName = name.Length == 0 || string.Equals(name, address, StringComparison.OrdinalIgnoreCase) ? null : name;
        return true;
    }

    private static string FirstMailbox(string value)
    {
        var depth = 0;
        var quoted = false;
        var inAngle = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
            }
            else if (c == '"' && depth == 0)
            {
                quoted = true;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0 && c == '<')
            {
                inAngle = true;
            }
            else if (depth == 0 && c == '>')
            {
                inAngle = false;
            }
            else if (depth == 0 && !inAngle && c == ',')
            {
                return value[..i];
            }
            else if (depth == 0 && !inAngle && c == ':' && !value[..i].Contains('@', StringComparison.Ordinal))
            {
                // Group syntax ("Team: a@b, c@d;"): the mailboxes follow the colon.
                return FirstMailbox(value[(i + 1)..].TrimEnd(';', ' '));
            }
        }

        return value;
    }

    private static bool LooksLikeAddress(string candidate)
    {
        var at = candidate.LastIndexOf('@');
        return at > 0 && at < candidate.Length - 1 && candidate.Length <= 320
            && !candidate.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';');
    }

    private static string Collapse(string text)
    {
        var output = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = output.Length > 0;
                continue;
            }

            if (space)
            {
                output.Append(' ');
                space = false;
            }

            output.Append(c);
        }

        return output.ToString();
    }
}
