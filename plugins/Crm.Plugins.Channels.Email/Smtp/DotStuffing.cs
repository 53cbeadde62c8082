namespace Crm.Plugins.Channels.Email.Smtp;

/// <summary>
/// Prepares message content for SMTP DATA (RFC 5321 section 4.5.2): a line that starts with '.' gets a second '.',
/// the content ends with CRLF, and the terminating <c>.CRLF</c> line follows.
/// </summary>
internal static class DotStuffing
{
    private static ReadOnlySpan<byte> Terminator => ".\r\n"u8;

    /// <summary>Returns the bytes to send after the server's 354 reply. The content must use CRLF line breaks.</summary>
    public static byte[] Stuff(ReadOnlySpan<byte> content)
    {
        var extra = content.Length > 0 && content[0] == '.' ? 1 : 0;
        for (var i = 0; i + 2 < content.Length; i++)
        {
            if (content[i] == '\r' && content[i + 1] == '\n' && content[i + 2] == '.')
            {
                extra++;
            }
        }

        var endsWithCrlf = content.Length >= 2 && content[^2] == '\r' && content[^1] == '\n';
        var output = new byte[content.Length + extra + (endsWithCrlf || content.IsEmpty ? 0 : 2) + Terminator.Length];
        var o = 0;
        var lineStart = true;
        for (var i = 0; i < content.Length; i++)
        {
            var b = content[i];
            if (lineStart && b == '.')
            {
                output[o++] = (byte)'.';
            }

            output[o++] = b;
            lineStart = b == '\n' && i > 0 && content[i - 1] == '\r';
        }

        if (!endsWithCrlf && !content.IsEmpty)
        {
            output[o++] = (byte)'\r';
            output[o++] = (byte)'\n';
        }

        Terminator.CopyTo(output.AsSpan(o));
        return output;
    }
}
