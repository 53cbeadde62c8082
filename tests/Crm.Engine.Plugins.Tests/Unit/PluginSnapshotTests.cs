using Crm.Engine.Plugins.Tests.Infrastructure;

namespace Crm.Engine.Plugins.Tests.Unit;

public sealed class PluginSnapshotTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Take_NestedFolders_HoldsEveryFileUnderItsRelativePath()
    {
        Write("plugin.json", "{}");
        Write("Vendor.Sms.dll", "dll");
        Write(Path.Combine("runtimes", "linux-x64", "native", "libsms.so"), "native");
        Write(Path.Combine("de", "Vendor.Sms.resources.dll"), "resources");

        var snapshot = PluginSnapshot.Take(_folder.Path);

        Assert.Equal("native"u8.ToArray(), snapshot.TryGetFile(Path.Combine("runtimes", "linux-x64", "native", "libsms.so")));
        Assert.Equal("resources"u8.ToArray(), snapshot.TryGetFile(Path.Combine("de", "Vendor.Sms.resources.dll")));
        Assert.Equal("dll"u8.ToArray(), snapshot.TryGetFile("Vendor.Sms.dll"));
        Assert.True(snapshot.HasFilesToResolve("Vendor.Sms.dll"));
        Assert.True(snapshot.IsUnchanged());
    }

    [Fact]
    public void Take_TrailingSeparator_SameRelativePathsAndFingerprint()
    {
        Write("plugin.json", "{}");
        Write(Path.Combine("lib", "Dep.dll"), "dep");

        var plain = PluginSnapshot.Take(_folder.Path);
        var trailing = PluginSnapshot.Take(_folder.Path + Path.DirectorySeparatorChar);

        Assert.Equal("dep"u8.ToArray(), trailing.TryGetFile(Path.Combine("lib", "Dep.dll")));
        Assert.Equal(plain.Fingerprint, trailing.Fingerprint);
    }

    [Fact]
    public void IsUnchanged_FileAddedInASubfolderOrResized_False()
    {
        Write("plugin.json", "{}");
        Write(Path.Combine("lib", "Dep.dll"), "dep");
        var snapshot = PluginSnapshot.Take(_folder.Path);

        Write(Path.Combine("lib", "Other.dll"), "other");
        Assert.False(snapshot.IsUnchanged());

        var second = PluginSnapshot.Take(_folder.Path);
        Write(Path.Combine("lib", "Dep.dll"), "dep, longer");
        Assert.False(second.IsUnchanged());
        Assert.NotEqual(second.Fingerprint, PluginSnapshot.Take(_folder.Path).Fingerprint);
    }

    [Fact]
    public void Take_NoManifest_FileNotFound()
    {
        Write(Path.Combine("sub", "plugin.json"), "{}");

        Assert.Throws<FileNotFoundException>(() => PluginSnapshot.Take(_folder.Path));
    }

    private void Write(string relativePath, string content)
    {
        var path = _folder.Combine(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
