using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Crm.Engine.Plugins;

/// <summary>
/// Tells a plugin who it is and how it is configured: id, version, validated settings and granted capabilities.
/// Registered in the plugin's service collection too.
/// </summary>
public sealed class PluginContext
{
    private readonly HashSet<string> _capabilities;

    /// <summary>Initializes the context.</summary>
    /// <param name="pluginId">The plugin id from the manifest.</param>
    /// <param name="version">The plugin's SemVer version from the manifest.</param>
    /// <param name="settings">The settings, already validated against the manifest's settings schema.</param>
    /// <param name="capabilities">The capabilities the plugin asked for and was granted.</param>
    public PluginContext(string pluginId, string version, JsonElement settings, IEnumerable<string> capabilities)
    {
        ArgumentException.ThrowIfNullOrEmpty(pluginId);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentNullException.ThrowIfNull(capabilities);
        PluginId = pluginId;
        Version = version;
        Settings = settings;
        _capabilities = new HashSet<string>(capabilities, StringComparer.Ordinal);
    }

    /// <summary>Gets the plugin id.</summary>
    public string PluginId { get; }

    /// <summary>Gets the plugin's SemVer version.</summary>
    public string Version { get; }

    /// <summary>Gets the settings; an undefined element when none were configured.</summary>
    public JsonElement Settings { get; }

    /// <summary>Gets the capabilities granted to the plugin (see <see cref="PluginCapabilities"/>).</summary>
    public IReadOnlyCollection<string> Capabilities => _capabilities;

    /// <summary>Tells whether a capability was granted.</summary>
    /// <param name="capability">The capability name.</param>
    /// <returns>Whether it was granted.</returns>
    public bool HasCapability(string capability) => _capabilities.Contains(capability);

    /// <summary>Reads the settings with source-generated metadata (a <c>JsonSerializerContext</c> in the plugin).</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="typeInfo">The metadata of <typeparamref name="T"/>.</param>
    /// <returns>The settings, or <see langword="default"/> when none were configured.</returns>
    /// <remarks>
    /// There is deliberately no reflection-based overload: reflection-based System.Text.Json caches accessors for the
    /// plugin's types in process-wide statics, which keeps an unloaded plugin version in memory.
    /// </remarks>
    /// <exception cref="JsonException">The settings do not fit <typeparamref name="T"/>.</exception>
    public T? GetSettings<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return Settings.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
            ? default
            : Settings.Deserialize(typeInfo);
    }
}
