using System.Globalization;
using System.Reflection;
using System.Text;

namespace Crm.Engine.Plugins;

/// <summary>
/// Finds the manifest of a plugin registered in code: the <c>plugin.json</c> embedded in its assembly (the same file
/// the folder deployment ships), or, when there is none, one made up from the assembly's name and version.
/// </summary>
internal static class CodePluginManifests
{
    public static async Task<PluginManifest> ReadAsync(Type pluginType)
    {
        var assembly = pluginType.Assembly;
        var resource = Array.Find(
            assembly.GetManifestResourceNames(),
            n => n == PluginManifestReader.FileName || n.EndsWith("." + PluginManifestReader.FileName, StringComparison.Ordinal));
        if (resource is null)
        {
            return Synthesize(pluginType);
        }

        var source = $"{assembly.GetName().Name}!{resource}";
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer).ConfigureAwait(false);
        var manifest = await PluginManifestReader.ReadAsync(buffer.ToArray(), source).ConfigureAwait(false);
        return manifest.EntryType == pluginType.FullName
            ? manifest
            : throw new CrmPluginLoadException(manifest.Id, source, $"the embedded manifest names entry type '{manifest.EntryType}', but '{pluginType.FullName}' was registered with AddPlugin. Register the type the manifest names, or fix 'entry.type'.");
    }

    private static PluginManifest Synthesize(Type pluginType)
    {
        var name = pluginType.Assembly.GetName();
        var informational = pluginType.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var version = informational is not null && SemanticVersion.TryParse(informational, out var parsed)
            ? parsed
            : SemanticVersion.Create(name.Version?.Major ?? 0, name.Version?.Minor ?? 0, Math.Max(name.Version?.Build ?? 0, 0));
        return new PluginManifest
        {
            Id = ToId(name.Name ?? pluginType.Name),
            Version = version,
            Kinds = [],
            EntryAssembly = name.Name + ".dll",
            EntryType = pluginType.FullName!,
            EngineRange = VersionRange.Any,
            Source = $"{name.Name} (no embedded plugin.json)",
        };
    }

    private static string ToId(string assemblyName)
    {
        var id = new StringBuilder(assemblyName.Length);
        foreach (var c in assemblyName.ToLower(CultureInfo.InvariantCulture))
        {
            id.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-');
        }

        return id.ToString().Trim('.', '-');
    }
}
