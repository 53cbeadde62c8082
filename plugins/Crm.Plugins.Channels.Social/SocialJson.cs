using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Plugins.Channels.Social;

/// <summary>
/// Source-generated JSON metadata. Plugins must not use reflection-based System.Text.Json on their own types: its
/// process-wide caches would keep an unloaded version of the plugin in memory.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SocialPluginSettings))]
[JsonSerializable(typeof(StatusRequest))]
internal sealed partial class SocialJson : JsonSerializerContext;
