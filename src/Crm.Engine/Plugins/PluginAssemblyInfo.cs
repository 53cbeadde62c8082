namespace Crm.Engine.Plugins;

/// <summary>
/// Describes one assembly a plugin uses and where it was resolved from.
/// </summary>
/// <param name="Name">The assembly's simple name.</param>
/// <param name="Version">The version actually loaded (the host's, for shared assemblies).</param>
/// <param name="RequestedVersion">The version the plugin was compiled against, when it differs or is known.</param>
/// <param name="Origin">Whether it came from the host or the plugin's folder.</param>
public sealed record PluginAssemblyInfo(string Name, Version? Version, Version? RequestedVersion, PluginAssemblyOrigin Origin);
