namespace Crm.Engine.Scheduling;

/// <summary>
/// Schedules follow-up reminders. When a reminder is due the engine records an internal interaction (a task) on the
/// customer's timeline and raises <see cref="Events.ReminderDue"/>. Obtained from <see cref="ICrmContext.Reminders"/>.
/// </summary>
public interface IReminderService
{
    /// <summary>Schedules (or, with the same key, reschedules) a reminder.</summary>
    /// <param name="request">The reminder.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The scheduled job behind the reminder.</returns>
    /// <exception cref="CrmValidationException">The note is empty.</exception>
    /// <exception cref="CrmNotFoundException">The customer does not exist.</exception>
    Task<ScheduledJob> ScheduleAsync(ReminderRequest request, CancellationToken cancellationToken = default);

    /// <summary>Cancels a pending reminder.</summary>
    /// <param name="key">The reminder's key.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns><see langword="false"/> when no pending reminder has that key.</returns>
    Task<bool> CancelAsync(string key, CancellationToken cancellationToken = default);
}
