using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Plugins.Channels.Chat;

/// <summary>
/// Source-generated JSON metadata. Plugins must not use reflection-based System.Text.Json on their own types: its
/// process-wide caches would keep an unloaded version of the plugin in memory.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChatPluginSettings))]
[JsonSerializable(typeof(WebhookPayload))]
internal sealed partial class ChatJson : JsonSerializerContext;
