using System.Text;

namespace Crm.Plugins.Channels.Email.Mime;

/// <summary>
/// Writes RFC 5322 header fields: ASCII only, folded at whitespace to 78 characters where possible and never beyond
/// 998, non-ASCII text as RFC 2047 encoded-words, and no line breaks smuggled in through values.
/// </summary>
internal sealed class HeaderWriter(StringBuilder output)
{
    private const int PreferredLineLength = 78;

    /// <summary>The longest token that still fits on a folded line of at most 998 characters.</summary>
    public const int MaxTokenLength = 990;

    /// <summary>Writes a field whose value the caller built from validated ASCII (dates, ids, MIME parameters).</summary>
    public void AddRaw(string name, string value) => AddFolded(name, [value]);

    /// <summary>Writes free text (Subject, X- fields): line breaks become spaces; non-ASCII text is encoded.</summary>
    public void AddUnstructured(string name, string value)
    {
        var text = value.ReplaceLineEndings(" ");
        if (EncodedWords.IsPlainAscii(text) && !HasTokenLongerThan(text, MaxTokenLength) && !text.Contains("=?", StringComparison.Ordinal))
        {
            AddFolded(name, text.Split(' '));
        }
        else
        {
            AddFolded(name, EncodedWords.Encode(text));
        }
    }

    /// <summary>Writes a mailbox: <c>Name &lt;address&gt;</c>, or the bare address without a name.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="displayName">The display name, if any.</param>
    /// <param name="address">An address normalized by <see cref="EmailAddress"/>.</param>
    public void AddMailbox(string name, string? displayName, string address)
    {
        var tokens = new List<string>();
        if (!string.IsNullOrWhiteSpace(displayName))
        {
            tokens.AddRange(Phrase(displayName.ReplaceLineEndings(" ").Trim()));
            tokens.Add("<" + address + ">");
        }
        else
        {
            tokens.Add(address);
        }

        AddFolded(name, tokens);
    }

    /// <summary>Writes a list of message ids (<c>In-Reply-To</c>, <c>References</c>), folding between ids.</summary>
    public void AddIds(string name, IReadOnlyList<string> ids) => AddFolded(name, ids);

    private static IEnumerable<string> Phrase(string displayName)
    {
        if (!EncodedWords.IsPlainAscii(displayName) || displayName.Contains("=?", StringComparison.Ordinal) || displayName.Length > MaxTokenLength - 2)
        {
            return EncodedWords.Encode(displayName);
        }

        if (displayName.All(c => c == ' ' || EmailAddress.IsAtext(c)))
        {
            return displayName.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }

        return ["\"" + displayName.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""];
    }

    private static bool HasTokenLongerThan(string text, int length) => text.Split(' ').Any(token => token.Length > length);

    private void AddFolded(string name, IReadOnlyList<string> tokens)
    {
        output.Append(name).Append(':');
        var lineLength = name.Length + 1;
        var lineHasText = false;
        foreach (var token in tokens)
        {
            // Fold only before a non-empty token, so no line is whitespace alone and runs of spaces survive unfolding.
            if (token.Length > 0 && lineHasText && lineLength + 1 + token.Length > PreferredLineLength)
            {
                output.Append("\r\n");
                lineLength = 0;
            }

            output.Append(' ').Append(token);
            lineLength += 1 + token.Length;
            lineHasText |= token.Length > 0;
        }

        output.Append("\r\n");
    }
}
