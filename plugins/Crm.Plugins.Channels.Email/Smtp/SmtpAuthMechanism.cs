namespace Crm.Plugins.Channels.Email.Smtp;

/// <summary>Chooses the SASL mechanism used to log in to the SMTP server.</summary>
public enum SmtpAuthMechanism
{
    /// <summary>Uses PLAIN when the server offers it, otherwise LOGIN.</summary>
    Auto = 0,

    /// <summary>Uses AUTH PLAIN (RFC 4616).</summary>
    Plain = 1,

    /// <summary>Uses AUTH LOGIN, for servers that offer nothing else.</summary>
    Login = 2,
}
