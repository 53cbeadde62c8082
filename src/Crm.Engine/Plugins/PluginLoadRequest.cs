using System.Text.Json;

namespace Crm.Engine.Plugins;

/// <summary>What the activator needs to create one version of a plugin.</summary>
/// <param name="Manifest">The validated manifest.</param>
/// <param name="Snapshot">The folder snapshot, for folder plugins.</param>
/// <param name="CodePlugin">The registration, for code plugins.</param>
/// <param name="Settings">The validated settings.</param>
internal sealed record PluginLoadRequest(PluginManifest Manifest, PluginSnapshot? Snapshot, ICodePluginRegistration? CodePlugin, JsonElement Settings)
{
    public string Fingerprint => Snapshot?.Fingerprint ?? "code";
}
