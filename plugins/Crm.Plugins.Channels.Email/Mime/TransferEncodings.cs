using System.Text;

namespace Crm.Plugins.Channels.Email.Mime;

/// <summary>
/// Quoted-printable and base64 content transfer encodings (RFC 2045). Encoders emit CRLF lines of at most 76
/// characters; decoders are lenient, because inbound mail is often slightly off.
/// </summary>
internal static class TransferEncodings
{
    private const int MaxLineLength = 76;
    private static ReadOnlySpan<byte> Hex => "0123456789ABCDEF"u8;

    /// <summary>
    /// Encodes text as quoted-printable UTF-8. Line breaks (CR, LF or CRLF) become CRLF hard breaks; the result has no
    /// final line break.
    /// </summary>
    public static string EncodeQuotedPrintable(string text)
    {
        var output = new StringBuilder(text.Length + (text.Length / 8));
        var first = true;
        foreach (var line in Lines(text))
        {
            if (!first)
            {
                output.Append("\r\n");
            }

            first = false;
            EncodeQuotedPrintableLine(Encoding.UTF8.GetBytes(line), output);
        }

        return output.ToString();
    }

    /// <summary>Encodes bytes as base64 in CRLF lines of 76 characters; the result has no final line break.</summary>
    public static string EncodeBase64Lines(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes, Base64FormattingOptions.InsertLineBreaks);

    /// <summary>Tells how many bytes of the text quoted-printable would have to escape, to choose the encoding.</summary>
    public static int CountEscapedBytes(ReadOnlySpan<byte> utf8)
    {
        var count = 0;
        foreach (var b in utf8)
        {
            if (b is > 126 or (< 32 and not (9 or 10 or 13)) or (byte)'=')
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Splits text on CRLF, CR or LF.</summary>
    public static IEnumerable<string> Lines(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '\r' or '\n')
            {
                yield return text[start..i];
                if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                start = i + 1;
            }
        }

        yield return text[start..];
    }

    /// <summary>Decodes quoted-printable bytes; invalid escapes are kept literally.</summary>
    /// <param name="input">The encoded bytes.</param>
    /// <param name="underscoreIsSpace">Whether '_' means a space, as in RFC 2047 Q encoded-words.</param>
    public static byte[] DecodeQuotedPrintable(ReadOnlySpan<byte> input, bool underscoreIsSpace = false)
    {
        var output = new List<byte>(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            var b = input[i];
            if (b == '=')
            {
                // A soft line break: '=' then optional trailing whitespace then CRLF or LF.
                var j = i + 1;
                while (j < input.Length && input[j] is (byte)' ' or (byte)'\t')
                {
                    j++;
                }

                if (j < input.Length && input[j] is (byte)'\r' or (byte)'\n')
                {
                    i = input[j] == '\r' && j + 1 < input.Length && input[j + 1] == '\n' ? j + 1 : j;
                    continue;
                }

                if (j == input.Length)
                {
                    break;
                }

                if (i + 2 < input.Length && HexValue(input[i + 1]) is var high and >= 0 && HexValue(input[i + 2]) is var low and >= 0)
                {
                    output.Add((byte)((high << 4) | low));
                    i += 2;
                    continue;
                }

                output.Add(b);
            }
            else if (underscoreIsSpace && b == '_')
            {
                output.Add((byte)' ');
            }
            else
            {
                output.Add(b);
            }
        }

        return [.. output];
    }

    /// <summary>Decodes base64, skipping whitespace and any character outside the alphabet, and stopping at padding.</summary>
    public static byte[] DecodeBase64(ReadOnlySpan<byte> input)
    {
        var output = new List<byte>(input.Length * 3 / 4);
        var buffer = 0;
        var bits = 0;
        foreach (var b in input)
        {
            if (b == '=')
            {
                break;
            }

            var value = Base64Value(b);
            if (value < 0)
            {
                continue;
            }

            buffer = (buffer << 6) | value;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                output.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        return [.. output];
    }

    private static void EncodeQuotedPrintableLine(ReadOnlySpan<byte> line, StringBuilder output)
    {
        var column = 0;
        for (var i = 0; i < line.Length; i++)
        {
            var b = line[i];
            var last = i == line.Length - 1;

            // Escape what is not printable, '=', whitespace at the end of a line (transports strip it), and the 'F' of
            // a line starting "From " (mbox stores would turn it into ">From ").
            var escape = b is > 126 or < 32 or (byte)'='
                || (b is (byte)' ' or (byte)'\t' && last)
                || (column == 0 && b == 'F' && line[i..].StartsWith("From "u8));
            if (b == '\t' && !last)
            {
                escape = false;
            }

            var width = escape ? 3 : 1;

            // Keep room for the soft break '=' unless this is the line's last character.
            var limit = last ? MaxLineLength : MaxLineLength - 1;
            if (column + width > limit)
            {
                output.Append("=\r\n");
                column = 0;
                if (b == 'F' && line[i..].StartsWith("From "u8))
                {
                    escape = true;
                    width = 3;
                }
            }

            if (escape)
            {
                output.Append('=').Append((char)Hex[b >> 4]).Append((char)Hex[b & 0xF]);
            }
            else
            {
                output.Append((char)b);
            }

            column += width;
        }
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        _ => -1,
    };

    private static int Base64Value(byte b) => b switch
    {
        >= (byte)'A' and <= (byte)'Z' => b - 'A',
        >= (byte)'a' and <= (byte)'z' => b - 'a' + 26,
        >= (byte)'0' and <= (byte)'9' => b - '0' + 52,
        (byte)'+' or (byte)'-' => 62,
        (byte)'/' or (byte)'_' => 63,
        _ => -1,
    };
}
