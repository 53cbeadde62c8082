namespace Crm.Plugins.Channels.Social;

/// <summary>Reads an RFC 8288 <c>Link</c> header such as <c>&lt;https://x/api?max_id=1&gt;; rel="next", &lt;...&gt;; rel="prev"</c>.</summary>
internal static class LinkHeader
{
    /// <summary>Returns the target of the link with relation <paramref name="rel"/>, or <see langword="null"/>.</summary>
    public static Uri? Find(string? header, string rel)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        var position = 0;
        while (position < header.Length)
        {
            var open = header.IndexOf('<', position);
            var close = open < 0 ? -1 : header.IndexOf('>', open + 1);
            if (close < 0)
            {
                return null;
            }

            var target = header[(open + 1)..close];
            var next = header.IndexOf('<', close + 1);
            var parameters = next < 0 ? header[(close + 1)..] : header[(close + 1)..next];
            foreach (var parameter in parameters.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = parameter.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0
                    && parameter[..equals].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase)
                    && parameter[(equals + 1)..].Trim().Trim(',').Trim().Trim('"').Split(' ').Contains(rel, StringComparer.OrdinalIgnoreCase))
                {
                    return Uri.TryCreate(target, UriKind.Absolute, out var uri) ? uri : null;
                }
            }

            position = next < 0 ? header.Length : next;
        }

        return null;
    }
}
