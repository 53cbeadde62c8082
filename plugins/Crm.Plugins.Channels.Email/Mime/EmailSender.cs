namespace Crm.Plugins.Channels.Email.Mime;

/// <summary>The validated sender identity every message carries.</summary>
/// <param name="Address">The normalized sender address.</param>
/// <param name="DisplayName">The sender's display name, if any.</param>
/// <param name="ReplyTo">The normalized Reply-To address, if any.</param>
/// <param name="MessageIdDomain">The domain of generated Message-IDs.</param>
internal sealed record EmailSender(string Address, string? DisplayName, string? ReplyTo, string MessageIdDomain);
