using Crm.Plugins.Channels.Email.Inbound;
using Crm.Plugins.Channels.Email.Smtp;

namespace Crm.Plugins.Channels.Email;

/// <summary>
/// Configures the email channel registered in code (<c>AddEmailChannel</c>); the plugin reads the same values from its
/// settings in <c>plugin.json</c> form. Validated when the channel is created: each problem names its option.
/// </summary>
public sealed class EmailChannelOptions
{
    /// <summary>The default folder of <see cref="EmailChannelMode.Pickup"/> mode, relative to the working directory.</summary>
    public const string DefaultPickupDirectory = "mail/pickup";

    /// <summary>Gets or sets how messages are handed on.</summary>
    /// <value>The default is <see cref="EmailChannelMode.Pickup"/>, which needs no server.</value>
    public EmailChannelMode Mode { get; set; } = EmailChannelMode.Pickup;

    /// <summary>Gets or sets the sender address (the <c>From</c> header and the SMTP envelope sender).</summary>
    /// <value>Required, such as <c>crm@example.com</c>.</value>
    public string? FromAddress { get; set; }

    /// <summary>Gets or sets the sender's display name, such as <c>ACME Support</c>; non-ASCII names are encoded.</summary>
    public string? FromName { get; set; }

    /// <summary>Gets or sets the address replies go to (<c>Reply-To</c>) when it is not the sender address.</summary>
    public string? ReplyToAddress { get; set; }

    /// <summary>
    /// Gets or sets the domain of generated Message-IDs (<c>&lt;idempotency-key@domain&gt;</c>).
    /// </summary>
    /// <value>The default is <see langword="null"/>: the domain of <see cref="FromAddress"/>.</value>
    public string? MessageIdDomain { get; set; }

    /// <summary>Gets or sets the folder <see cref="EmailChannelMode.Pickup"/> mode writes <c>.eml</c> files to; created if missing.</summary>
    /// <value>The default is <see cref="DefaultPickupDirectory"/>.</value>
    public string PickupDirectory { get; set; } = DefaultPickupDirectory;

    /// <summary>Gets the SMTP server settings, used in <see cref="EmailChannelMode.Smtp"/> mode.</summary>
    public SmtpOptions Smtp { get; } = new();

    /// <summary>Gets the inbox settings; the inbound poller is registered when <see cref="EmailInboxOptions.Directory"/> is set.</summary>
    public EmailInboxOptions Inbox { get; } = new();

    /// <summary>
    /// Gets or sets how many recently sent idempotency keys are remembered, so that a message sent again with the same
    /// key in this process is not handed to the server a second time.
    /// </summary>
    /// <value>The default is 10,000.</value>
    public int IdempotencyCacheSize { get; set; } = 10_000;
}
