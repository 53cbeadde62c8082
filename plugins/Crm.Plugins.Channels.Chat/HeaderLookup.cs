namespace Crm.Plugins.Channels.Chat;

/// <summary>Finds a header case-insensitively even when the host passed a case-sensitive dictionary.</summary>
internal static class HeaderLookup
{
    public static string? Find(IReadOnlyDictionary<string, string> headers, string name)
    {
        if (headers.TryGetValue(name, out var value))
        {
            return value;
        }

        foreach (var header in headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return null;
    }
}
