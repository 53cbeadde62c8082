namespace Crm.Plugins.Channels.Email.Smtp;

/// <summary>
/// Configures the SMTP server the email channel sends through in <see cref="EmailChannelMode.Smtp"/> mode.
/// </summary>
public sealed class SmtpOptions
{
    /// <summary>Gets or sets the server's host name or IP address, such as <c>smtp.example.com</c>.</summary>
    /// <value>Required in SMTP mode. TLS certificates are checked against this name.</value>
    public string? Host { get; set; }

    /// <summary>Gets or sets the server's port.</summary>
    /// <value>The default is 0, meaning 465 for <see cref="SmtpSecurity.ImplicitTls"/> and 587 otherwise.</value>
    public int Port { get; set; }

    /// <summary>Gets or sets how the connection is protected.</summary>
    /// <value>The default is <see cref="SmtpSecurity.StartTls"/>: the send fails rather than go out unencrypted.</value>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Gets or sets the user name to log in with; no login when <see langword="null"/>.</summary>
    public string? UserName { get; set; }

    /// <summary>Gets or sets the password to log in with. Never logged and never part of an error message.</summary>
    public string? Password { get; set; }

    /// <summary>Gets or sets the SASL mechanism.</summary>
    /// <value>The default is <see cref="SmtpAuthMechanism.Auto"/>.</value>
    public SmtpAuthMechanism AuthMechanism { get; set; } = SmtpAuthMechanism.Auto;

    /// <summary>
    /// Gets or sets a value indicating whether the password may be sent over a connection that is not encrypted.
    /// </summary>
    /// <value>The default is <see langword="false"/>: a login over plain text fails the send instead.</value>
    public bool AllowPlaintextAuthentication { get; set; }

    /// <summary>
    /// Gets the SHA-256 thumbprints (hex, colons and case ignored) of server certificates to accept even though they do
    /// not chain to a trusted root or do not match <see cref="Host"/>: pin a self-signed certificate this way.
    /// </summary>
    public IList<string> AcceptedCertificateThumbprints { get; } = [];

    /// <summary>
    /// Gets or sets a value indicating whether any server certificate is accepted. Turns off the protection TLS gives
    /// against an attacker on the path: for tests only, and only when set explicitly.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool DangerousAcceptAnyServerCertificate { get; set; }

    /// <summary>Gets or sets the name this client announces in EHLO.</summary>
    /// <value>The default is <see langword="null"/>: the machine's host name.</value>
    public string? ClientName { get; set; }

    /// <summary>Gets or sets how long connecting (TCP, greeting, TLS handshake, login) may take.</summary>
    /// <value>The default is 15 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets or sets how long the server may take to answer one command (including the end of DATA).</summary>
    /// <value>The default is 60 seconds.</value>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how many idle connections are kept open for reuse; 0 opens a connection per message.</summary>
    /// <value>The default is 2.</value>
    public int MaxPooledConnections { get; set; } = 2;

    /// <summary>Gets or sets how long an idle pooled connection is kept before it is closed.</summary>
    /// <value>The default is 30 seconds, below the idle timeouts servers commonly enforce.</value>
    public TimeSpan PooledConnectionIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the port to connect to, applying the default for <see cref="Security"/>.</summary>
    internal int EffectivePort => Port != 0 ? Port : Security == SmtpSecurity.ImplicitTls ? 465 : 587;
}
