namespace Crm.Plugins.Channels.Chat;

/// <summary>
/// Names the <see cref="Crm.Engine.Channels.OutboundMessage.Headers"/> the chat adapter understands, and the HTTP
/// header it sends the idempotency key in.
/// </summary>
public static class ChatHeaders
{
    /// <summary>A JSON array of Block Kit blocks posted with the text (the text stays the notification fallback).</summary>
    public const string Blocks = "blocks";

    /// <summary>The <c>ts</c> of a thread's parent message, to post the message as a reply in that thread.</summary>
    public const string ThreadTs = "thread_ts";

    /// <summary>The HTTP header that carries the (hashed, tenant-scoped) idempotency key of each post.</summary>
    public const string IdempotencyKeyHeader = "X-Idempotency-Key";
}
