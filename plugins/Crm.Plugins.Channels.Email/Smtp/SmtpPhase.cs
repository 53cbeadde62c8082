namespace Crm.Plugins.Channels.Email.Smtp;

/// <summary>Names the step of an SMTP session a failure happened in; the step decides whether retrying can help.</summary>
internal enum SmtpPhase
{
    /// <summary>Opening the TCP connection and reading the greeting.</summary>
    Connect,

    /// <summary>EHLO or HELO.</summary>
    Hello,

    /// <summary>STARTTLS and the TLS handshake.</summary>
    StartTls,

    /// <summary>AUTH.</summary>
    Authenticate,

    /// <summary>RSET before reusing a pooled connection.</summary>
    Reset,

    /// <summary>MAIL FROM.</summary>
    MailFrom,

    /// <summary>RCPT TO.</summary>
    RecipientTo,

    /// <summary>DATA, before the content is sent.</summary>
    Data,

    /// <summary>The reply to the end of the content.</summary>
    DataEnd,
}
