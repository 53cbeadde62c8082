using System.Text.Json;
using System.Text.Json.Serialization;

namespace Acme.SmsGateway;

/// <summary>
/// Source-generated JSON metadata. Plugins must not use reflection-based System.Text.Json on their own types: its
/// process-wide caches would keep an unloaded version of the plugin in memory.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SmsGatewaySettings))]
[JsonSerializable(typeof(SendSmsRequest))]
[JsonSerializable(typeof(SendSmsResponse))]
internal sealed partial class SmsGatewayJson : JsonSerializerContext;
