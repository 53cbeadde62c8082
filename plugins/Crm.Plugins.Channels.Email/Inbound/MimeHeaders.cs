using System.Text;

namespace Crm.Plugins.Channels.Email.Inbound;

/// <summary>
/// The header fields of a message or MIME part, unfolded, in order. Values are read as UTF-8 (raw 8-bit headers are
/// common), or Latin-1 when that fails; encoded-words are decoded by the callers that need them.
/// </summary>
internal sealed class MimeHeaders
{
    private const int MaxFields = 1000;
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);
    private readonly List<KeyValuePair<string, string>> _fields;

    private MimeHeaders(List<KeyValuePair<string, string>> fields) => _fields = fields;

    /// <summary>Gets the number of fields.</summary>
    public int Count => _fields.Count;

    /// <summary>Gets the first value of a field, or <see langword="null"/>.</summary>
    public string? this[string name]
    {
        get
        {
            foreach (var (key, value) in _fields)
            {
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }

            return null;
        }
    }

    /// <summary>
    /// Reads the header block at the start of <paramref name="data"/>, up to the first empty line, and returns where the
    /// body starts. Lines that are neither fields nor continuations (an mbox <c>From </c> line) are skipped.
    /// </summary>
    public static MimeHeaders Parse(ReadOnlySpan<byte> data, out int bodyStart)
    {
        var fields = new List<KeyValuePair<string, string>>();
        string? name = null;
        var value = new StringBuilder();
        var position = 0;
        bodyStart = data.Length;
        while (position < data.Length)
        {
            var newline = data[position..].IndexOf((byte)'\n');
            var lineEnd = newline < 0 ? data.Length : position + newline;
            var next = newline < 0 ? data.Length : lineEnd + 1;
            var line = data[position..lineEnd];
            if (!line.IsEmpty && line[^1] == '\r')
            {
                line = line[..^1];
            }

            if (line.IsEmpty)
            {
                bodyStart = next;
                break;
            }

            if (line[0] is (byte)' ' or (byte)'\t')
            {
                // Unfolding removes the line break and keeps the whitespace (RFC 5322 section 2.2.3).
                if (name is not null)
                {
                    value.Append(Decode(line));
                }
            }
            else
            {
                Flush();
                var colon = line.IndexOf((byte)':');
                if (colon > 0 && IsFieldName(line[..colon]))
                {
                    name = Encoding.ASCII.GetString(line[..colon]).TrimEnd();
                    value.Append(Decode(line[(colon + 1)..]));
                }
            }

            position = next;
        }

        Flush();
        return new MimeHeaders(fields);

        void Flush()
        {
            if (name is not null && fields.Count < MaxFields)
            {
                fields.Add(new KeyValuePair<string, string>(name, value.ToString().Trim()));
            }

            name = null;
            value.Clear();
        }
    }

    private static bool IsFieldName(ReadOnlySpan<byte> name)
    {
        // Tolerate whitespace before the colon ("Subject :"), an obsolete form still seen.
        name = name.TrimEnd((byte)' ');
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (var b in name)
        {
            if (b is <= 32 or >= 127)
            {
                return false;
            }
        }

        return true;
    }

    private static string Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }
}
