using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;

namespace Crm.Engine.Plugins;

/// <summary>
/// The collectible context one version of one plugin lives in. Shared assemblies come from the host (see
/// <see cref="SharedAssemblies"/>); everything else from the plugin's shadow copy, resolved through its deps.json,
/// and loaded from memory so no file is locked or memory-mapped.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private readonly string _pluginId;
    private readonly string _directory;
    private readonly AssemblyDependencyResolver _resolver;
    private readonly SharedAssemblies _shared;
    private readonly ConcurrentDictionary<string, PluginAssemblyInfo> _assemblies = new(StringComparer.OrdinalIgnoreCase);

    public PluginLoadContext(string pluginId, string version, string directory, string entryAssemblyPath, SharedAssemblies shared)
        : base($"plugin:{pluginId}@{version}", isCollectible: true)
    {
        _pluginId = pluginId;
        _directory = directory;
        _resolver = new AssemblyDependencyResolver(entryAssemblyPath);
        _shared = shared;
    }

    /// <summary>Gets every assembly resolved for the plugin so far, with its origin.</summary>
    public IReadOnlyList<PluginAssemblyInfo> ResolvedAssemblies => [.. _assemblies.Values.OrderBy(a => a.Origin).ThenBy(a => a.Name, StringComparer.Ordinal)];

    public Assembly LoadEntryAssembly(string path)
    {
        var assembly = LoadFromPluginFile(path);
        var name = assembly.GetName();
        _assemblies[name.Name!] = new PluginAssemblyInfo(name.Name!, name.Version, null, PluginAssemblyOrigin.Plugin);
        return assembly;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var simpleName = assemblyName.Name;
        if (simpleName is null)
        {
            return null;
        }

        var kind = _shared.Classify(simpleName);
        if (kind != SharedAssemblyKind.None)
        {
            return LoadShared(assemblyName, simpleName, kind);
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName) ?? Probe(simpleName);
        if (path is null)
        {
            throw new FileNotFoundException(
                $"Plugin '{_pluginId}' needs assembly '{assemblyName}', which the host does not share and the plugin folder does not contain. " +
                "Build the plugin with <EnableDynamicLoading>true</EnableDynamicLoading> so its dependencies are copied beside it.",
                simpleName);
        }

        var assembly = LoadFromPluginFile(path);
        _assemblies[simpleName] = new PluginAssemblyInfo(simpleName, assembly.GetName().Version, assemblyName.Version, PluginAssemblyOrigin.Plugin);
        return assembly;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        // Native libraries cannot load from memory: they load from the shadow copy, never from the operator's folder.
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    private Assembly LoadShared(AssemblyName requested, string simpleName, SharedAssemblyKind kind)
    {
        var host = _shared.HostContext.LoadFromAssemblyName(new AssemblyName(simpleName));
        var hostVersion = host.GetName().Version;
        if (!SharedAssemblies.IsCompatible(kind, requested.Version, hostVersion))
        {
            throw new FileLoadException(
                $"Plugin '{_pluginId}' was compiled against '{simpleName}' {requested.Version}, but the host shares version {hostVersion}. " +
                (kind == SharedAssemblyKind.Contract
                    ? $"Shared contracts must have the same major version: rebuild the plugin against {simpleName} {hostVersion?.Major}.x."
                    : "Rebuild the plugin for the framework the host runs on."),
                simpleName);
        }

        _assemblies[simpleName] = new PluginAssemblyInfo(simpleName, hostVersion, requested.Version, PluginAssemblyOrigin.Host);
        return host;
    }

    private string? Probe(string simpleName)
    {
        // Plugins built without a deps.json still resolve what sits beside the entry assembly.
        var candidate = Path.Combine(_directory, simpleName + ".dll");
        return File.Exists(candidate) ? candidate : null;
    }

    private Assembly LoadFromPluginFile(string path)
    {
        using var image = new MemoryStream(File.ReadAllBytes(path), writable: false);
        var pdbPath = Path.ChangeExtension(path, ".pdb");
        if (!File.Exists(pdbPath))
        {
            return LoadFromStream(image);
        }

        using var symbols = new MemoryStream(File.ReadAllBytes(pdbPath), writable: false);
        return LoadFromStream(image, symbols);
    }
}
