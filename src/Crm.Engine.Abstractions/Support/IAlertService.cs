namespace Crm.Engine.Support;

/// <summary>Proactive issue detection: checks the configured alert rules and lists the alerts raised.</summary>
public interface IAlertService
{
    /// <summary>
    /// Checks rules against every customer of the tenant (the condition runs in the store, as SQL where the provider
    /// translates it), raising one alert per new occurrence and opening the rule's case.
    /// </summary>
    /// <param name="ruleName">One rule, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What matched and what was raised.</returns>
    /// <exception cref="CrmNotFoundException">No rule has that name.</exception>
    Task<AlertEvaluation> EvaluateAsync(string? ruleName = null, CancellationToken cancellationToken = default);

    /// <summary>Checks the rules marked <see cref="AlertRule.EvaluateOnInteraction"/> for one customer.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What matched and what was raised.</returns>
    Task<AlertEvaluation> EvaluateCustomerAsync(Guid customerId, CancellationToken cancellationToken = default);

    /// <summary>Schedules the evaluation of every rule for this tenant as a recurring job.</summary>
    /// <param name="every">How often.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when scheduled.</returns>
    Task ScheduleAsync(TimeSpan every, CancellationToken cancellationToken = default);

    /// <summary>Lists alerts, newest first.</summary>
    /// <param name="query">The filter and page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A page of alerts.</returns>
    Task<Storage.Page<Alert>> ListAsync(AlertQuery query, CancellationToken cancellationToken = default);
}
