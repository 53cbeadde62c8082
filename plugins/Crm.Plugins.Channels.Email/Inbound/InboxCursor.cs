namespace Crm.Plugins.Channels.Email.Inbound;

/// <summary>
/// The poll cursor: the names of the files the previous poll returned. The engine stores it only after it recorded
/// those messages, so the next poll may move exactly those files out of the incoming folder; until then they are
/// offered again (the engine ignores duplicates by Message-ID). File names never contain '/', the separator.
/// </summary>
internal static class InboxCursor
{
    private const string Prefix = "files:";

    public static string Format(IEnumerable<string> fileNames) => Prefix + string.Join('/', fileNames);

    /// <summary>Reads a cursor; anything that is not a plain file name is ignored, so a cursor cannot reach other folders.</summary>
    public static IReadOnlyList<string> Parse(string? cursor)
    {
        if (cursor is null || !cursor.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return [];
        }

        return cursor[Prefix.Length..]
            .Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(name => name is not ("." or "..") && !name.Contains('\0', StringComparison.Ordinal) && Path.GetFileName(name) == name)
            .ToList();
    }
}
