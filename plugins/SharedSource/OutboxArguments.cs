using Crm.Engine.Channels;

namespace Crm.Plugins.Storage.Leasing;

/// <summary>Checks what the outbox stores of every first-party provider are given, so they refuse the same input with the same errors.</summary>
internal static class OutboxArguments
{
    /// <summary>Checks a message to enqueue in a session of <paramref name="sessionTenant"/>.</summary>
    /// <exception cref="CrmTenantMismatchException">The message belongs to another tenant.</exception>
    /// <exception cref="ArgumentException">It has no idempotency key or is not pending.</exception>
    public static void CheckEnqueue(OutboxMessage message, string sessionTenant)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!string.Equals(message.TenantId, sessionTenant, StringComparison.Ordinal))
        {
            throw new CrmTenantMismatchException(sessionTenant, message.TenantId);
        }

        ArgumentException.ThrowIfNullOrEmpty(message.IdempotencyKey, nameof(message) + "." + nameof(message.IdempotencyKey));
        if (message.Status != OutboxStatus.Pending)
        {
            throw new ArgumentException($"An outbox message is enqueued as {OutboxStatus.Pending}, not {message.Status} (message {message.Id}).", nameof(message));
        }
    }

    /// <summary>Checks the result of an attempt to record.</summary>
    /// <exception cref="ArgumentException">It has no attempt, no lease owner or an attempt number below one.</exception>
    public static void CheckAttempt(OutboxAttemptResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(result.Attempt, nameof(result) + "." + nameof(result.Attempt));
        ArgumentException.ThrowIfNullOrEmpty(result.LeaseOwner, nameof(result) + "." + nameof(result.LeaseOwner));
        ArgumentOutOfRangeException.ThrowIfLessThan(result.Attempt.Number, 1, nameof(result) + ".Attempt.Number");
    }

    /// <summary>Gets when an attempt ended, which is what a recorded attempt stamps on its message.</summary>
    public static DateTimeOffset EndedAt(OutboxAttempt attempt) => attempt.AttemptedAt + attempt.Duration;
}
