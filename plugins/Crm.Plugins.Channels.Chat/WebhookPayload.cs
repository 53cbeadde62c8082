using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Plugins.Channels.Chat;

/// <summary>The body of an incoming-webhook post, in Slack's field names.</summary>
internal sealed record WebhookPayload(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("thread_ts")] string? ThreadTs,
    [property: JsonPropertyName("blocks")] JsonElement? Blocks);
