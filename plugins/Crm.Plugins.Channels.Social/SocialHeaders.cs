namespace Crm.Plugins.Channels.Social;

/// <summary>Names the <see cref="Crm.Engine.Channels.OutboundMessage.Headers"/> the social adapter understands.</summary>
public static class SocialHeaders
{
    /// <summary>The id of the status to reply to (Mastodon's <c>in_reply_to_id</c>), to keep a conversation together.</summary>
    public const string InReplyToId = "in_reply_to_id";
}
