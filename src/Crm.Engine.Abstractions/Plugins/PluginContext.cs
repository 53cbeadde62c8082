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
    private JsonSerializerOptions? _serializerOptions;

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

    /// <summary>Reads the settings into a type, with web defaults (camelCase, case-insensitive).</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <returns>The settings, or a new <typeparamref name="T"/> when none were configured.</returns>
    /// <remarks>Uses serializer options owned by this context, so their cache of the plugin's types unloads with it.</remarks>
    /// <exception cref="JsonException">The settings do not fit <typeparamref name="T"/>.</exception>
    public T GetSettings<T>()
        where T : new()
    {
        if (Settings.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return new T();
        }

        _serializerOptions ??= new JsonSerializerOptions(JsonSerializerDefaults.Web);
        return Settings.Deserialize<T>(_serializerOptions) ?? new T();
    }

    /// <summary>Reads the settings with source-generated metadata, for trimmed or AOT-compiled hosts.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="typeInfo">The metadata of <typeparamref name="T"/>.</param>
    /// <returns>The settings, or <see langword="default"/> when none were configured.</returns>
    /// <exception cref="JsonException">The settings do not fit <typeparamref name="T"/>.</exception>
    public T? GetSettings<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return Settings.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
            ? default
            : Settings.Deserialize(typeInfo);
    }
}
