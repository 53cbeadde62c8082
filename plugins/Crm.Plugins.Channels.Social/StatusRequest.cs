using System.Text.Json.Serialization;

namespace Crm.Plugins.Channels.Social;

/// <summary>The body of <c>POST /api/v1/statuses</c>, in Mastodon's field names.</summary>
internal sealed record StatusRequest(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("visibility")] string Visibility,
    [property: JsonPropertyName("in_reply_to_id")] string? InReplyToId);
