namespace Crm.Plugins.Channels.Email.Inbound;

/// <summary>
/// Finds the body parts of a multipart entity (RFC 2046 section 5.1.1): the text between delimiter lines
/// <c>--boundary</c>, ending at <c>--boundary--</c> or at the end of the data when the close delimiter is missing.
/// </summary>
internal static class MultipartSplitter
{
    /// <summary>Returns each part's start and length within <paramref name="body"/>, without the CRLF before a delimiter.</summary>
    public static List<(int Start, int Length)> Split(ReadOnlySpan<byte> body, string boundary)
    {
        var parts = new List<(int, int)>();
        var delimiter = System.Text.Encoding.Latin1.GetBytes("--" + boundary);
        var partStart = -1;
        var position = 0;
        while (position < body.Length)
        {
            var newline = body[position..].IndexOf((byte)'\n');
            var lineEnd = newline < 0 ? body.Length : position + newline;
            var next = newline < 0 ? body.Length : lineEnd + 1;
            var line = body[position..lineEnd];
            if (line.StartsWith(delimiter))
            {
                var rest = line[delimiter.Length..];
                var isClose = rest.StartsWith("--"u8);
                if (isClose)
                {
                    rest = rest[2..];
                }

                // Only transport padding (whitespace) may follow the boundary on its line.
                if (rest.TrimEnd(" \t\r"u8).IsEmpty)
                {
                    if (partStart >= 0)
                    {
                        parts.Add((partStart, PartEnd(body, partStart, position) - partStart));
                    }

                    if (isClose)
                    {
                        return parts;
                    }

                    partStart = next;
                }
            }

            position = next;
        }

        if (partStart >= 0 && partStart < body.Length)
        {
            parts.Add((partStart, body.Length - partStart));
        }

        return parts;
    }

    private static int PartEnd(ReadOnlySpan<byte> body, int partStart, int delimiterLine)
    {
        // The line break before the delimiter belongs to the delimiter.
        var end = delimiterLine;
        if (end > partStart && body[end - 1] == '\n')
        {
            end--;
            if (end > partStart && body[end - 1] == '\r')
            {
                end--;
            }
        }

        return end;
    }
}
