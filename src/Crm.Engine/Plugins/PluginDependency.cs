namespace Crm.Engine.Plugins;

/// <summary>A plugin another plugin needs, with the versions it accepts.</summary>
/// <param name="Id">The plugin id depended on.</param>
/// <param name="Range">The accepted versions.</param>
/// <param name="Index">The position in the manifest's <c>dependencies</c>, to locate errors.</param>
internal sealed record PluginDependency(string Id, VersionRange Range, int Index);
