using Microsoft.Extensions.Logging;

namespace Crm.Plugins.Channels.Social;

/// <summary>
/// The social channel's log messages (event ids 4200-4299). They carry statuses, ids and reasons, never the access
/// token, recipients or message text.
/// </summary>
internal static partial class SocialLog
{
    [LoggerMessage(4200, LogLevel.Debug, "Social status posted (id {StatusId}).")]
    public static partial void Posted(ILogger logger, string statusId);

    [LoggerMessage(4201, LogLevel.Warning, "The social server refused a status: {Status}; {Kind} failure.")]
    public static partial void Refused(ILogger logger, int status, string kind);

    [LoggerMessage(4202, LogLevel.Warning, "The social server did not answer: {Failure}.")]
    public static partial void NoAnswer(ILogger logger, string failure);

    [LoggerMessage(4203, LogLevel.Information, "The social rate limit is used up until {Until:O}; the {Operation} waits.")]
    public static partial void RateLimited(ILogger logger, DateTimeOffset until, string operation);

    [LoggerMessage(4204, LogLevel.Warning, "A social status was not sent: {Reason}")]
    public static partial void NotSent(ILogger logger, string reason);

    [LoggerMessage(4210, LogLevel.Debug, "Social poll fetched {Count} mention(s) in {Pages} page(s); cursor {Cursor}.")]
    public static partial void Polled(ILogger logger, int count, int pages, string? cursor);

    [LoggerMessage(4211, LogLevel.Warning, "Social poll stopped early: {Reason}")]
    public static partial void PollStopped(ILogger logger, string reason);

    [LoggerMessage(4212, LogLevel.Warning, "Social notification {NotificationId} was skipped: {Reason}")]
    public static partial void NotificationSkipped(ILogger logger, string notificationId, string reason);

    [LoggerMessage(4213, LogLevel.Error, "The social server refused the access token while polling ({Status}).")]
    public static partial void PollUnauthorized(ILogger logger, int status);
}
