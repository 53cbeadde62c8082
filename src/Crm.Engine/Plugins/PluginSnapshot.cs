using System.IO.Enumeration;

namespace Crm.Engine.Plugins;

/// <summary>
/// A consistent copy of a plugin folder, taken into memory and, when needed, written to a private shadow folder the
/// plugin loads from, so the operator's files are never locked and can be overwritten or renamed at any time.
/// </summary>
internal sealed class PluginSnapshot
{
    private readonly List<(string RelativePath, byte[] Content)> _files;
    private readonly List<(string RelativePath, long Length, DateTime LastWrite)> _listing;

    private PluginSnapshot(string sourceDirectory, List<(string, byte[])> files, List<(string, long, DateTime)> listing, string fingerprint)
    {
        SourceDirectory = sourceDirectory;
        _files = files;
        _listing = listing;
        Fingerprint = fingerprint;
    }

    public string SourceDirectory { get; }

    /// <summary>Gets a hash of every file's path and content; equal fingerprints mean nothing changed.</summary>
    public string Fingerprint { get; }

    public string ManifestPath => Path.Combine(SourceDirectory, PluginManifestReader.FileName);

    public byte[]? TryGetFile(string relativePath) =>
        _files.Find(f => string.Equals(f.RelativePath, relativePath, StringComparison.Ordinal)).Content;

    /// <summary>
    /// Tells whether the plugin's context may need files on disk: any file besides the entry assembly, its symbols and
    /// metadata files (JSON, text) may be a dependency or native library the resolver has to find.
    /// </summary>
    /// <param name="entryAssembly">The entry assembly's path relative to the folder.</param>
    public bool HasFilesToResolve(string entryAssembly)
    {
        var entrySymbols = Path.ChangeExtension(entryAssembly, ".pdb");
        foreach (var (relativePath, _) in _files)
        {
            if (!string.Equals(relativePath, entryAssembly, StringComparison.Ordinal) &&
                !string.Equals(relativePath, entrySymbols, StringComparison.Ordinal) &&
                !IsMetadataFile(relativePath))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads every file of a folder, failing when the folder changed while it was read.</summary>
    /// <exception cref="PluginFolderChangingException">The folder changed while it was read; try again later.</exception>
    /// <exception cref="FileNotFoundException">The folder has no <c>plugin.json</c>.</exception>
    public static PluginSnapshot Take(string directory)
    {
        var before = List(directory);
        if (!before.Exists(f => f.RelativePath == PluginManifestReader.FileName))
        {
            throw new FileNotFoundException($"Plugin folder '{directory}' has no {PluginManifestReader.FileName}.", Path.Combine(directory, PluginManifestReader.FileName));
        }

        var files = new List<(string, byte[])>(before.Count);
        var hash = new ContentFingerprint();
        try
        {
            foreach (var (relativePath, _, _) in before)
            {
                var content = ReadShared(Path.Combine(directory, relativePath));
                hash.Append(relativePath);
                hash.Append(content);
                files.Add((relativePath, content));
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new PluginFolderChangingException(directory, exception);
        }

        if (!before.SequenceEqual(List(directory)))
        {
            throw new PluginFolderChangingException(directory, null);
        }

        return new PluginSnapshot(directory, files, before, hash.ToHex());
    }

    /// <summary>
    /// Tells whether the folder still lists the same files with the same sizes and write times as when this snapshot
    /// was taken: a cheap check (no content is read) that a snapshot taken a while ago still describes the folder.
    /// </summary>
    public bool IsUnchanged()
    {
        try
        {
            return _listing.SequenceEqual(List(SourceDirectory));
        }
        catch (PluginFolderChangingException)
        {
            return false;
        }
    }

    /// <summary>Writes the snapshot to a new shadow folder the plugin's context resolves and loads from.</summary>
    public void WriteTo(string shadowDirectory)
    {
        foreach (var (relativePath, content) in _files)
        {
            var target = Path.Combine(shadowDirectory, relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, content);
        }
    }

    private static bool IsMetadataFile(string relativePath) =>
        Path.GetExtension(relativePath).ToUpperInvariant() is ".JSON" or ".TXT" or ".MD" or ".XML";

    private static byte[] ReadShared(string path)
    {
        // Share everything so a deploy writing or renaming over the file at this moment is never blocked.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        var content = new byte[stream.Length];
        stream.ReadExactly(content);
        return content;
    }

    private static List<(string RelativePath, long Length, DateTime LastWrite)> List(string directory)
    {
        try
        {
            // One stat per file and no FileInfo per entry: a warm re-creation lists the folder twice.
            var files = new FileSystemEnumerable<(string RelativePath, long Length, DateTime LastWrite)>(
                directory,
                static (ref FileSystemEntry entry) => (
                    Path.Join(entry.Directory[entry.RootDirectory.Length..].TrimStart(Path.DirectorySeparatorChar), entry.FileName),
                    entry.Length,
                    entry.LastWriteTimeUtc.UtcDateTime),
                new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false })
            {
                ShouldIncludePredicate = static (ref FileSystemEntry entry) => !entry.IsDirectory,
            };
            var list = new List<(string RelativePath, long Length, DateTime LastWrite)>(files);
            list.Sort(static (x, y) => string.CompareOrdinal(x.RelativePath, y.RelativePath));
            return list;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new PluginFolderChangingException(directory, exception);
        }
    }
}
