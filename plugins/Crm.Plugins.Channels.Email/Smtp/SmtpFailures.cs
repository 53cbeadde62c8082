using System.Net.Sockets;
using System.Security.Authentication;
using Crm.Engine.Channels;

namespace Crm.Plugins.Channels.Email.Smtp;

/// <summary>
/// Maps SMTP outcomes to delivery results: a 5xx refusal of the sender, the recipient or the content is permanent;
/// 4xx replies, network failures, timeouts and problems of the session itself (greeting, TLS, login) are transient,
/// because they are fixed by waiting or by configuration, not by changing the message.
/// </summary>
internal static class SmtpFailures
{
    /// <summary>Tells whether a reply to a step of the session is worth retrying.</summary>
    public static DeliveryFailureKind Classify(SmtpPhase phase, int code) =>
        code is >= 500 and < 600 && phase is SmtpPhase.MailFrom or SmtpPhase.RecipientTo or SmtpPhase.Data or SmtpPhase.DataEnd
            ? DeliveryFailureKind.Permanent
            : DeliveryFailureKind.Transient;

    /// <summary>Turns an exception from the session into a result, or returns <see langword="null"/> for one that is a bug.</summary>
    public static DeliveryResult? ToResult(Exception exception) => exception switch
    {
        SmtpCommandException { Reply: { } reply } refused => DeliveryResult.Failed(Classify(refused.Phase, reply.Code), refused.Message),
        SmtpCommandException refused => DeliveryResult.Failed(DeliveryFailureKind.Transient, refused.Message),
        TimeoutException timeout => DeliveryResult.Failed(DeliveryFailureKind.Transient, timeout.Message),
        SocketException socket => DeliveryResult.Failed(DeliveryFailureKind.Transient, $"The SMTP server could not be reached ({socket.SocketErrorCode})."),
        AuthenticationException => DeliveryResult.Failed(DeliveryFailureKind.Transient, "The TLS handshake with the SMTP server failed (is its certificate trusted, or listed in Smtp.AcceptedCertificateThumbprints?)."),
        IOException io => DeliveryResult.Failed(DeliveryFailureKind.Transient, "The connection to the SMTP server failed: " + io.Message),
        _ => null,
    };
}
