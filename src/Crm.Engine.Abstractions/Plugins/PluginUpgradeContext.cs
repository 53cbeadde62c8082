namespace Crm.Engine.Plugins;

/// <summary>
/// Describes the version a plugin replaces during a hot reload.
/// </summary>
/// <param name="PreviousVersion">The SemVer version being replaced.</param>
/// <param name="PreviousState">What the previous version exported with <see cref="ICrmPlugin.ExportStateAsync"/>; empty for none.</param>
public sealed record PluginUpgradeContext(string PreviousVersion, ReadOnlyMemory<byte> PreviousState);
