using Microsoft.Extensions.Logging;

namespace Crm.Plugins.Channels.Chat;

/// <summary>
/// The chat channel's log messages (event ids 4100-4199). They carry statuses, error codes and reasons, never the
/// webhook URL, the signing secret, recipients or message text.
/// </summary>
internal static partial class ChatLog
{
    [LoggerMessage(4100, LogLevel.Debug, "Chat message delivered (provider id {ProviderMessageId}).")]
    public static partial void Delivered(ILogger logger, string providerMessageId);

    [LoggerMessage(4101, LogLevel.Warning, "The chat webhook refused a message: {Status} {ErrorCode}; {Kind} failure.")]
    public static partial void Refused(ILogger logger, int status, string errorCode, string kind);

    [LoggerMessage(4102, LogLevel.Warning, "The chat webhook is unreachable: {Error}.")]
    public static partial void Unreachable(ILogger logger, string error);

    [LoggerMessage(4103, LogLevel.Warning, "The chat webhook did not answer within {Timeout}.")]
    public static partial void TimedOut(ILogger logger, TimeSpan timeout);

    [LoggerMessage(4104, LogLevel.Warning, "A chat message was not sent: {Reason}")]
    public static partial void NotSent(ILogger logger, string reason);

    [LoggerMessage(4110, LogLevel.Warning, "A chat webhook request was rejected ({Rejection}): {Reason}")]
    public static partial void WebhookRejected(ILogger logger, string rejection, string reason);

    [LoggerMessage(4111, LogLevel.Debug, "A chat webhook request was accepted with {Count} message(s).")]
    public static partial void WebhookAccepted(ILogger logger, int count);
}
