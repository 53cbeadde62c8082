namespace Crm.Plugins.Channels.Email.Smtp;

/// <summary>Chooses how the SMTP connection is protected.</summary>
public enum SmtpSecurity
{
    /// <summary>Upgrades the connection with STARTTLS and fails when the server does not offer it (submission, port 587).</summary>
    StartTls = 0,

    /// <summary>Speaks TLS from the first byte (SMTPS, port 465).</summary>
    ImplicitTls = 1,

    /// <summary>
    /// Uses STARTTLS when the server offers it and plain text otherwise. Open to downgrade by anyone on the path; meant
    /// for relays on a trusted network.
    /// </summary>
    StartTlsWhenAvailable = 2,

    /// <summary>Never encrypts; for a local relay or a test server on loopback.</summary>
    None = 3,
}
