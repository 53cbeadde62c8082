using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Plugins.Channels.Email;

/// <summary>
/// Source-generated JSON metadata for the settings. Reflection-based System.Text.Json would cache the plugin's types
/// in process-wide statics and keep an unloaded version in memory.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(EmailPluginSettings))]
internal sealed partial class EmailPluginJson : JsonSerializerContext;
