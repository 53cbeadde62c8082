namespace Crm.Plugins.Channels.Email.Inbound;

/// <summary>
/// Configures where the email channel reads inbound mail (replies and new messages) from: a maildir or a folder of
/// <c>.eml</c> files that a local MTA, fetchmail or a test writes into.
/// </summary>
public sealed class EmailInboxOptions
{
    /// <summary>The placeholder in <see cref="Directory"/> replaced by the tenant id being polled.</summary>
    public const string TenantPlaceholder = "{tenant}";

    /// <summary>
    /// Gets or sets the folder to read: a maildir (a folder with <c>new/</c> and <c>cur/</c>, or its <c>new/</c> folder
    /// itself) or a plain folder of <c>.eml</c> files. May contain <c>{tenant}</c> to give each tenant its own inbox.
    /// </summary>
    /// <value>The default is <see langword="null"/>: no inbound poller is registered.</value>
    public string? Directory { get; set; }

    /// <summary>
    /// Gets or sets the tenant an inbox without <c>{tenant}</c> belongs to; polls for other tenants find nothing.
    /// </summary>
    /// <value>Required when <see cref="Directory"/> has no <c>{tenant}</c> placeholder.</value>
    public string? TenantId { get; set; }

    /// <summary>Gets or sets how long the engine waits between polls of one tenant.</summary>
    /// <value>The default is 15 seconds.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets or sets the most messages one poll returns; the rest follow in the next polls.</summary>
    /// <value>The default is 50.</value>
    public int MaxMessagesPerPoll { get; set; } = 50;

    /// <summary>Gets or sets the largest message file read; larger files are moved to <c>bad/</c>.</summary>
    /// <value>The default is 25 MiB.</value>
    public long MaxMessageBytes { get; set; } = 25L * 1024 * 1024;
}
