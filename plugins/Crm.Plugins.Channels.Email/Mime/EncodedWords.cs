using System.Text;

namespace Crm.Plugins.Channels.Email.Mime;

/// <summary>
/// Encodes header text as RFC 2047 encoded-words (<c>=?utf-8?B?...?=</c>) and decodes B and Q encoded-words in any
/// charset .NET knows. Encoding splits on whole code points, so no word carries half a character.
/// </summary>
internal static class EncodedWords
{
    private const string Prefix = "=?utf-8?B?";
    private const string Suffix = "?=";

    // 75 characters at most per word (RFC 2047 section 2): 12 of them are prefix and suffix, 60 are base64 of 45 bytes.
    private const int MaxBytesPerWord = 45;

    /// <summary>Tells whether text can appear in a header as it is: printable ASCII, spaces and tabs only.</summary>
    public static bool IsPlainAscii(string text)
    {
        foreach (var c in text)
        {
            if (c is not ('\t' or (>= ' ' and <= '~')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Encodes text as a sequence of encoded-words, each at most 75 characters long.</summary>
    public static IReadOnlyList<string> Encode(string text)
    {
        var words = new List<string>();
        var buffer = new byte[MaxBytesPerWord];
        var used = 0;
        Span<byte> runeBytes = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(runeBytes);
            if (used + length > MaxBytesPerWord)
            {
                words.Add(Prefix + Convert.ToBase64String(buffer, 0, used) + Suffix);
                used = 0;
            }

            runeBytes[..length].CopyTo(buffer.AsSpan(used));
            used += length;
        }

        if (used > 0 || words.Count == 0)
        {
            words.Add(Prefix + Convert.ToBase64String(buffer, 0, used) + Suffix);
        }

        return words;
    }

    /// <summary>
    /// Decodes every encoded-word in a header value, dropping the whitespace between adjacent words as RFC 2047 asks.
    /// Adjacent words in the same charset are decoded together, so a character split across two words survives.
    /// Malformed words are kept as literal text.
    /// </summary>
    public static string Decode(string value)
    {
        if (!value.Contains("=?", StringComparison.Ordinal))
        {
            return value;
        }

        var result = new StringBuilder(value.Length);
        var pendingBytes = new List<byte>();
        string? pendingCharset = null;
        var position = 0;
        while (position < value.Length)
        {
            var start = value.IndexOf("=?", position, StringComparison.Ordinal);
            if (start < 0)
            {
                Flush();
                result.Append(value, position, value.Length - position);
                break;
            }

            if (!TryReadWord(value, start, out var charset, out var bytes, out var end))
            {
                Flush();
                result.Append(value, position, start + 2 - position);
                position = start + 2;
                continue;
            }

            var between = value.AsSpan(position, start - position);
            var adjacent = pendingCharset is not null && between.IsWhiteSpace();
            if (!adjacent)
            {
                Flush();
                result.Append(between);
            }
            else if (!string.Equals(pendingCharset, charset, StringComparison.OrdinalIgnoreCase))
            {
                Flush();
            }

            pendingCharset = charset;
            pendingBytes.AddRange(bytes);
            position = end;
        }

        Flush();
        return result.ToString();

        void Flush()
        {
            if (pendingCharset is not null)
            {
                result.Append(Charsets.Get(pendingCharset).GetString(pendingBytes.ToArray()));
                pendingBytes.Clear();
                pendingCharset = null;
            }
        }
    }

    private static bool TryReadWord(string value, int start, out string charset, out byte[] bytes, out int end)
    {
        charset = "";
        bytes = [];
        end = start;

        // =?charset?encoding?text?= with no whitespace inside; the charset may carry an RFC 2231 language (*en).
        var charsetEnd = value.IndexOf('?', start + 2);
        if (charsetEnd < 0 || charsetEnd + 2 >= value.Length || value[charsetEnd + 2] != '?')
        {
            return false;
        }

        var textStart = charsetEnd + 3;
        var textEnd = value.IndexOf("?=", textStart, StringComparison.Ordinal);
        if (textEnd < 0 || charsetEnd == start + 2)
        {
            return false;
        }

        var text = value.AsSpan(textStart, textEnd - textStart);
        if (text.ContainsAny(' ', '\t') || text.ContainsAny('\r', '\n'))
        {
            return false;
        }

        charset = value[(start + 2)..charsetEnd];
        var star = charset.IndexOf('*', StringComparison.Ordinal);
        if (star >= 0)
        {
            charset = charset[..star];
        }

        switch (value[charsetEnd + 1])
        {
            case 'B' or 'b':
                bytes = TransferEncodings.DecodeBase64(Encoding.ASCII.GetBytes(text.ToString()));
                break;
            case 'Q' or 'q':
                bytes = TransferEncodings.DecodeQuotedPrintable(Encoding.ASCII.GetBytes(text.ToString()), underscoreIsSpace: true);
                break;
            default:
                return false;
        }

        end = textEnd + 2;
        return true;
    }
}
