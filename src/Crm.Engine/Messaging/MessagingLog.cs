using Crm.Engine.Channels;
using Microsoft.Extensions.Logging;

namespace Crm.Engine.Messaging;

/// <summary>Source-generated log messages of messaging, scheduling and automation (event ids 4000–4099). Ids only, never personal data or message content.</summary>
internal static partial class MessagingLog
{
    [LoggerMessage(4000, LogLevel.Information, "Outbox dispatcher {Owner} started")]
    public static partial void DispatcherStarted(ILogger logger, string owner);

    [LoggerMessage(4001, LogLevel.Warning, "The outbox dispatcher is off: the storage provider '{Provider}' does not implement the transactional outbox")]
    public static partial void OutboxNotSupported(ILogger logger, string provider);

    [LoggerMessage(4002, LogLevel.Debug, "Outbox message {MessageId} on {Channel} attempt {Attempt}: {Outcome} (tenant {TenantId})")]
    public static partial void Attempted(ILogger logger, Guid messageId, string channel, int attempt, OutboxAttemptOutcome outcome, string tenantId);

    [LoggerMessage(4003, LogLevel.Warning, "Outbox message {MessageId} on {Channel} was dead-lettered after attempt {Attempt}: {Reason} (tenant {TenantId})")]
    public static partial void DeadLettered(ILogger logger, Guid messageId, string channel, int attempt, string? reason, string tenantId);

    [LoggerMessage(4004, LogLevel.Information, "Outbox message {MessageId} on {Channel} was suppressed: no consent for {Purpose} (tenant {TenantId})")]
    public static partial void Suppressed(ILogger logger, Guid messageId, string channel, string purpose, string tenantId);

    [LoggerMessage(4005, LogLevel.Warning, "Outbox message {MessageId}: the lease of {Owner} expired before the attempt was recorded; another instance owns it now")]
    public static partial void LeaseLost(ILogger logger, Guid messageId, string owner);

    [LoggerMessage(4006, LogLevel.Error, "An outbox dispatch round failed; retrying at the next poll")]
    public static partial void RoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(4007, LogLevel.Error, "Recording the attempt of outbox message {MessageId} failed; it is retried when its lease expires")]
    public static partial void RecordFailed(ILogger logger, Exception exception, Guid messageId);

    [LoggerMessage(4010, LogLevel.Information, "Recorded inbound {Channel} message as interaction {InteractionId} for customer {CustomerId} (new lead: {NewLead}, tenant {TenantId})")]
    public static partial void InboundRecorded(ILogger logger, string channel, Guid interactionId, Guid customerId, bool newLead, string tenantId);

    [LoggerMessage(4011, LogLevel.Debug, "Inbound {Channel} message was recorded before as interaction {InteractionId}; ignored (tenant {TenantId})")]
    public static partial void InboundDuplicate(ILogger logger, string channel, Guid interactionId, string tenantId);

    [LoggerMessage(4012, LogLevel.Warning, "Webhook for {Source} rejected ({Kind}): {Reason} (tenant {TenantId})")]
    public static partial void WebhookRejected(ILogger logger, string source, InboundRejectionKind kind, string? reason, string tenantId);

    [LoggerMessage(4013, LogLevel.Warning, "Polling {Source} for tenant {TenantId} failed; retrying after its interval")]
    public static partial void PollFailed(ILogger logger, Exception exception, string source, string tenantId);

    [LoggerMessage(4014, LogLevel.Information, "Auto-reply rule {Rule} answered inbound interaction {InteractionId} with outbox message {MessageId}")]
    public static partial void AutoReplied(ILogger logger, string rule, Guid interactionId, Guid messageId);

    [LoggerMessage(4020, LogLevel.Information, "Job runner {Owner} started")]
    public static partial void JobRunnerStarted(ILogger logger, string owner);

    [LoggerMessage(4021, LogLevel.Warning, "The job runner is off: the storage provider '{Provider}' does not implement scheduled jobs")]
    public static partial void JobsNotSupported(ILogger logger, string provider);

    [LoggerMessage(4022, LogLevel.Warning, "Job {JobId} of kind {Kind} failed on attempt {Attempt} (tenant {TenantId})")]
    public static partial void JobFailed(ILogger logger, Exception exception, Guid jobId, string kind, int attempt, string tenantId);

    [LoggerMessage(4023, LogLevel.Error, "Job {JobId} of kind {Kind} has no handler; it is marked failed (tenant {TenantId})")]
    public static partial void JobWithoutHandler(ILogger logger, Guid jobId, string kind, string tenantId);

    [LoggerMessage(4024, LogLevel.Error, "A job round failed; retrying at the next poll")]
    public static partial void JobRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(4025, LogLevel.Warning, "Job {JobId}: the lease of {Owner} expired before its outcome was recorded")]
    public static partial void JobLeaseLost(ILogger logger, Guid jobId, string owner);
}
