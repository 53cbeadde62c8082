namespace Crm.Plugins.Channels.Email.Smtp;

/// <summary>
/// The server answered a command with a reply other than the one expected. The message names the step and the reply
/// code and carries the reply text with addresses removed; it never contains what was sent (credentials).
/// </summary>
internal sealed class SmtpCommandException : Exception
{
    public SmtpCommandException(SmtpPhase phase, SmtpReply reply)
        : base($"The SMTP server answered {Describe(phase)} with {reply.Code} {ReplyText.Scrub(reply.Text)}".TrimEnd())
    {
        Phase = phase;
        Reply = reply;
    }

    public SmtpCommandException(SmtpPhase phase, string message)
        : base(message)
    {
        Phase = phase;
    }

    public SmtpCommandException()
    {
    }

    public SmtpCommandException(string message)
        : base(message)
    {
    }

    public SmtpCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the step that failed.</summary>
    public SmtpPhase Phase { get; }

    /// <summary>Gets the server's reply, or <see langword="null"/> when the client refused to go on.</summary>
    public SmtpReply? Reply { get; }

    public static string Describe(SmtpPhase phase) => phase switch
    {
        SmtpPhase.Connect => "the connection",
        SmtpPhase.Hello => "EHLO",
        SmtpPhase.StartTls => "STARTTLS",
        SmtpPhase.Authenticate => "the login",
        SmtpPhase.Reset => "RSET",
        SmtpPhase.MailFrom => "the sender (MAIL FROM)",
        SmtpPhase.RecipientTo => "the recipient (RCPT TO)",
        SmtpPhase.Data => "DATA",
        _ => "the message content",
    };
}
