namespace Crm.Plugins.Channels.Email.Inbound;

/// <summary>
/// Where an inbox keeps its files. A maildir (a folder with <c>new/</c>, or the <c>new/</c> folder itself) is read from
/// <c>new/</c> and read messages move to <c>cur/</c> with the maildir "seen" flag; a plain folder is read for
/// <c>*.eml</c> files and read messages move to <c>processed/</c>. Unusable files go to <c>bad/</c> in both.
/// </summary>
/// <param name="Incoming">The folder new messages arrive in.</param>
/// <param name="Done">The folder acknowledged messages are moved to.</param>
/// <param name="Bad">The folder unusable messages are moved to.</param>
/// <param name="IsMaildir">Whether the maildir naming rules apply.</param>
internal sealed record InboxLayout(string Incoming, string Done, string Bad, bool IsMaildir)
{
    /// <summary>Works out the layout of a configured folder.</summary>
    public static InboxLayout Resolve(string directory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var parent = Path.GetDirectoryName(full);
        if (string.Equals(Path.GetFileName(full), "new", StringComparison.Ordinal) && parent is not null
            && Directory.Exists(Path.Combine(parent, "cur")))
        {
            return new InboxLayout(full, Path.Combine(parent, "cur"), Path.Combine(parent, "bad"), true);
        }

        if (Directory.Exists(Path.Combine(full, "new")))
        {
            return new InboxLayout(Path.Combine(full, "new"), Path.Combine(full, "cur"), Path.Combine(full, "bad"), true);
        }

        return new InboxLayout(full, Path.Combine(full, "processed"), Path.Combine(full, "bad"), false);
    }

    /// <summary>Tells whether a file in <see cref="Incoming"/> is a message to read (not hidden, not half-written).</summary>
    public bool IsCandidate(string fileName) =>
        !fileName.StartsWith('.')
        && (IsMaildir || fileName.EndsWith(".eml", StringComparison.OrdinalIgnoreCase));

    /// <summary>Returns the name a read message gets in <see cref="Done"/>: maildir adds the "seen" info (<c>:2,S</c>).</summary>
    public string DoneName(string fileName) =>
        IsMaildir && !fileName.Contains(":2,", StringComparison.Ordinal) ? fileName + ":2,S" : fileName;
}
