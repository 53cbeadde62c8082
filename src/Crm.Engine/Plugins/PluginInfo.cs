namespace Crm.Engine.Plugins;

/// <summary>
/// Describes one plugin for diagnostics: identity, where it came from, lifecycle state, health, call statistics and
/// the last error. A snapshot: it does not change after it is returned.
/// </summary>
public sealed record PluginInfo
{
    /// <summary>Gets the plugin id; for a folder whose manifest could not be read, the folder name.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the active version, or the version that failed when none is active.</summary>
    public string? Version { get; init; }

    /// <summary>Gets whether the plugin was registered in code or loaded from a folder.</summary>
    public required PluginSource Source { get; init; }

    /// <summary>Gets the plugin folder, or the assembly of a code plugin.</summary>
    public required string Location { get; init; }

    /// <summary>Gets the lifecycle state.</summary>
    public required PluginState State { get; init; }

    /// <summary>Gets whether the plugin is fit to serve.</summary>
    public required PluginHealth Health { get; init; }

    /// <summary>Gets the call statistics.</summary>
    public required PluginStatistics Statistics { get; init; }

    /// <summary>Gets the last load, reload or call error, with the plugin id, file, JSON path and line where known.</summary>
    public string? LastError { get; init; }

    /// <summary>Gets when <see cref="LastError"/> happened.</summary>
    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>Gets when the active version was activated.</summary>
    public DateTimeOffset? ActivatedAt { get; init; }

    /// <summary>Gets how many versions were activated over the plugin's life (1 + successful reloads).</summary>
    public int Activations { get; init; }

    /// <summary>Gets how many unloaded contexts of this plugin were not collected in time (a leak; see the docs).</summary>
    public int LeakedContexts { get; init; }

    /// <summary>Gets the assemblies the active version resolved so far, each from the host or from the plugin folder.</summary>
    public IReadOnlyList<PluginAssemblyInfo> Assemblies { get; init; } = [];
}
