namespace Crm.Plugins.Channels.Email.Inbound;

/// <summary>A parsed <c>Content-Type</c> (or <c>Content-Disposition</c>) value: the media type and its parameters.</summary>
internal sealed class ContentType
{
    private readonly Dictionary<string, string> _parameters;

    private ContentType(string mediaType, Dictionary<string, string> parameters)
    {
        MediaType = mediaType;
        _parameters = parameters;
    }

    /// <summary>Gets the lower-case media type, such as <c>text/plain</c>; <c>text/plain</c> when missing or broken.</summary>
    public string MediaType { get; }

    /// <summary>Gets a value indicating whether this is a <c>multipart/*</c> type.</summary>
    public bool IsMultipart => MediaType.StartsWith("multipart/", StringComparison.Ordinal);

    /// <summary>Gets a parameter, such as <c>charset</c> or <c>boundary</c>.</summary>
    public string? this[string name] => _parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>Parses a value, leniently: an unreadable type becomes <paramref name="defaultType"/>.</summary>
    public static ContentType Parse(string? value, string defaultType = "text/plain")
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(value))
        {
            return new ContentType(defaultType, parameters);
        }

        var parts = Split(value);
        var mediaType = parts[0].Trim().ToLowerInvariant();
        if (defaultType.Contains('/', StringComparison.Ordinal) && (!mediaType.Contains('/', StringComparison.Ordinal) || mediaType.Any(char.IsWhiteSpace)))
        {
            mediaType = defaultType;
        }

        foreach (var part in parts.Skip(1))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var key = part[..equals].Trim();
            var raw = part[(equals + 1)..].Trim();
            if (key.EndsWith('*'))
            {
                // RFC 2231 extended value: charset'language'percent-encoded. Keep the text, drop the charset tag.
                key = key[..^1];
                var quote = raw.LastIndexOf('\'');
                raw = Uri.UnescapeDataString(quote >= 0 ? raw[(quote + 1)..] : raw);
            }

            parameters.TryAdd(key, Unquote(raw));
        }

        return new ContentType(mediaType, parameters);
    }

    private static List<string> Split(string value)
    {
        var parts = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\' && quoted)
            {
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ';' && !quoted)
            {
                parts.Add(value[start..i]);
                start = i + 1;
            }
        }

        parts.Add(value[start..]);
        return parts;
    }

    private static string Unquote(string value)
    {
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
        {
            return value;
        }

        var inner = value[1..^1];
        var output = new System.Text.StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\' && i + 1 < inner.Length)
            {
                i++;
            }

            output.Append(inner[i]);
        }

        return output.ToString();
    }
}
