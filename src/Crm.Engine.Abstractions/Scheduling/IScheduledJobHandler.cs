namespace Crm.Engine.Scheduling;

/// <summary>
/// Runs scheduled jobs of one <see cref="Kind"/>. Register handlers with the engine builder; a handler that throws
/// has its job retried with backoff and marked failed after the configured number of attempts.
/// </summary>
public interface IScheduledJobHandler
{
    /// <summary>Gets the job kind this handler runs, such as <c>crm.reminder</c>.</summary>
    string Kind { get; }

    /// <summary>Runs one job.</summary>
    /// <param name="context">The job and the engine context of its tenant.</param>
    /// <param name="cancellationToken">Cancels the run when the engine stops.</param>
    /// <returns>A task that completes when the job has run.</returns>
    Task RunAsync(ScheduledJobContext context, CancellationToken cancellationToken);
}
