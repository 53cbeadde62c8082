using Crm.Engine.Channels;
using Microsoft.Extensions.Logging;

namespace Crm.Plugins.Channels.Email;

/// <summary>
/// Defines the email channel's log messages with stable event ids (6100-6199). They name message ids, reply codes and
/// file names, never addresses, bodies or credentials.
/// </summary>
internal static partial class EmailLog
{
    [LoggerMessage(EventId = 6100, Level = LogLevel.Debug, Message = "Email {MessageId} handed on ({Transport}).")]
    public static partial void Sent(ILogger logger, string messageId, string transport);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "Email not sent: the recipient is not a valid address ({Reason}).")]
    public static partial void InvalidRecipient(ILogger logger, string reason);

    [LoggerMessage(EventId = 6110, Level = LogLevel.Warning, Message = "SMTP refused email {MessageId} ({Kind}): {Reason}")]
    public static partial void SmtpSendFailed(ILogger logger, string messageId, DeliveryFailureKind kind, string reason);

    [LoggerMessage(EventId = 6111, Level = LogLevel.Error, Message = "The SMTP session could not be set up for email {MessageId}; check the Smtp settings: {Reason}")]
    public static partial void SmtpSessionFailed(ILogger logger, string messageId, string reason);

    [LoggerMessage(EventId = 6120, Level = LogLevel.Debug, Message = "Pickup file {FileName} already exists; the message was written before.")]
    public static partial void PickupAlreadyWritten(ILogger logger, string fileName);

    [LoggerMessage(EventId = 6121, Level = LogLevel.Warning, Message = "Could not write to the pickup folder '{Directory}' ({Error}).")]
    public static partial void PickupWriteFailed(ILogger logger, string directory, string error, Exception exception);

    [LoggerMessage(EventId = 6130, Level = LogLevel.Warning, Message = "Inbound email file '{FileName}' was moved to '{BadDirectory}': {Reason}")]
    public static partial void InboundFileRejected(ILogger logger, string fileName, string badDirectory, string reason);

    [LoggerMessage(EventId = 6131, Level = LogLevel.Warning, Message = "Could not move inbound email file '{FileName}' ({Error}); it will be offered again.")]
    public static partial void InboundMoveFailed(ILogger logger, string fileName, string error);

    [LoggerMessage(EventId = 6132, Level = LogLevel.Debug, Message = "Inbox '{Directory}' polled for tenant {TenantId}: {Count} message(s), {Acknowledged} acknowledged.")]
    public static partial void InboxPolled(ILogger logger, string directory, string tenantId, int count, int acknowledged);

    [LoggerMessage(EventId = 6133, Level = LogLevel.Warning, Message = "Could not read inbound email file '{FileName}' ({Error}); it will be offered again.")]
    public static partial void InboundReadFailed(ILogger logger, string fileName, string error);
}
