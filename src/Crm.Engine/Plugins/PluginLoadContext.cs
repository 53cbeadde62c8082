using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;

namespace Crm.Engine.Plugins;

/// <summary>
/// The collectible context one version of one plugin lives in. Shared assemblies come from the host (see
/// <see cref="SharedAssemblies"/>); everything else from the plugin's shadow copy, resolved through its deps.json,
/// and loaded from memory so no file is locked or memory-mapped.
/// </summary>
/// <remarks>
/// A plugin that ships nothing but its entry assembly (and metadata files) has no shadow copy: there is nothing a
/// resolver could find, so neither the copy nor the resolver is created. Otherwise the resolver is built on the first
/// assembly or native library the plugin asks for, not up front: most plugins resolve nothing beyond the shared set.
/// </remarks>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private readonly string _pluginId;
    private readonly string? _directory;
    private readonly string? _entryAssemblyPath;
    private readonly SharedAssemblies _shared;
    private readonly ConcurrentDictionary<string, PluginAssemblyInfo> _assemblies = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _resolverLock = new();
    private AssemblyDependencyResolver? _resolver;

    /// <summary>Creates the context for one plugin version.</summary>
    /// <param name="pluginId">The plugin id, for messages.</param>
    /// <param name="version">The plugin version, for the context name.</param>
    /// <param name="directory">The shadow copy dependencies resolve from; <see langword="null"/> when the plugin has no files to resolve.</param>
    /// <param name="entryAssemblyPath">The entry assembly in the shadow copy (its deps.json drives the resolver); <see langword="null"/> without a shadow copy.</param>
    /// <param name="shared">The host's allow-list of shared assemblies.</param>
    public PluginLoadContext(string pluginId, string version, string? directory, string? entryAssemblyPath, SharedAssemblies shared)
        : base($"plugin:{pluginId}@{version}", isCollectible: true)
    {
        _pluginId = pluginId;
        _directory = directory;
        _entryAssemblyPath = entryAssemblyPath;
        _shared = shared;
    }

    /// <summary>Gets every assembly resolved for the plugin so far, with its origin.</summary>
    public IReadOnlyList<PluginAssemblyInfo> ResolvedAssemblies => [.. _assemblies.Values.OrderBy(a => a.Origin).ThenBy(a => a.Name, StringComparer.Ordinal)];

    /// <summary>Loads the entry assembly from bytes the host already holds (the folder snapshot): no file is read again.</summary>
    public Assembly LoadEntryAssembly(byte[] image, byte[]? symbols)
    {
        using var imageStream = new MemoryStream(image, writable: false);
        using var symbolStream = symbols is null ? null : new MemoryStream(symbols, writable: false);
        var assembly = LoadFromStream(imageStream, symbolStream);
        var name = assembly.GetName();
        _assemblies[name.Name!] = new PluginAssemblyInfo(name.Name!, name.Version, null, PluginAssemblyOrigin.Plugin);
        return assembly;
    }

    /// <summary>Builds the dependency resolver now (the warm-up uses this to load the host policy library early).</summary>
    public bool EnsureResolver() => Resolver is not null;

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

        var path = Resolver?.ResolveAssemblyToPath(assemblyName) ?? Probe(simpleName);
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
        var path = Resolver?.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    private Assembly LoadShared(AssemblyName requested, string simpleName, SharedAssemblyKind kind)
    {
        var (host, hostVersion) = _shared.HostCopy(simpleName);
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

    private AssemblyDependencyResolver? Resolver
    {
        get
        {
            if (_entryAssemblyPath is null)
            {
                return null;
            }

            lock (_resolverLock)
            {
                return _resolver ??= new AssemblyDependencyResolver(_entryAssemblyPath);
            }
        }
    }

    private string? Probe(string simpleName)
    {
        // Plugins built without a deps.json still resolve what sits beside the entry assembly.
        if (_directory is null)
        {
            return null;
        }

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
