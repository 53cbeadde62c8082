namespace Crm.Plugins.Channels.Email;

/// <summary>
/// The plugin's settings as JSON (<c>settings.json</c> beside <c>plugin.json</c>, or <c>PluginHostOptions.Settings</c>);
/// validated against the schema in <c>plugin.json</c> by the host, then turned into <see cref="EmailChannelOptions"/>.
/// </summary>
internal sealed class EmailPluginSettings
{
    public string? Mode { get; set; }

    public string? From { get; set; }

    public string? FromName { get; set; }

    public string? ReplyTo { get; set; }

    public string? MessageIdDomain { get; set; }

    public string? PickupDirectory { get; set; }

    public int? IdempotencyCacheSize { get; set; }

    public SmtpSettings? Smtp { get; set; }

    public InboxSettings? Inbox { get; set; }

    internal sealed class SmtpSettings
    {
        public string? Host { get; set; }

        public int? Port { get; set; }

        public string? Security { get; set; }

        public string? UserName { get; set; }

        public string? Password { get; set; }

        public string? AuthMechanism { get; set; }

        public bool? AllowPlaintextAuthentication { get; set; }

        public IList<string>? AcceptedCertificateThumbprints { get; set; }

        public bool? DangerousAcceptAnyServerCertificate { get; set; }

        public string? ClientName { get; set; }

        public double? ConnectTimeoutSeconds { get; set; }

        public double? CommandTimeoutSeconds { get; set; }

        public int? MaxPooledConnections { get; set; }

        public double? PooledConnectionIdleTimeoutSeconds { get; set; }
    }

    internal sealed class InboxSettings
    {
        public string? Directory { get; set; }

        public string? TenantId { get; set; }

        public double? PollIntervalSeconds { get; set; }

        public int? MaxMessagesPerPoll { get; set; }

        public long? MaxMessageBytes { get; set; }
    }
}
