namespace Crm.Engine.Plugins.Tests.Infrastructure;

/// <summary>Deploys a fixture over a plugin folder the ways operators do.</summary>
internal static class Deploy
{
    /// <summary>Overwrites every file in place, as a plain copy does.</summary>
    public static void ByOverwrite(string fixture, string folder)
    {
        foreach (var file in Directory.EnumerateFiles(Fixtures.PathOf(fixture)))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }
    }

    /// <summary>Writes every file to a temporary name and renames it over the old one, as atomic deploy tools do.</summary>
    public static void ByAtomicRename(string fixture, string folder)
    {
        foreach (var file in Directory.EnumerateFiles(Fixtures.PathOf(fixture)))
        {
            var target = Path.Combine(folder, Path.GetFileName(file));
            var temporary = target + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
            File.Copy(file, temporary);
            File.Move(temporary, target, overwrite: true);
        }
    }
}
