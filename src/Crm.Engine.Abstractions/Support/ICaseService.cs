using Crm.Engine.Storage;

namespace Crm.Engine.Support;

/// <summary>Opens, assigns, answers and resolves support cases, keeping their SLA clocks.</summary>
public interface ICaseService
{
    /// <summary>
    /// Opens a case: computes its SLA due times, assigns it (the given owner, or the team's strategy), schedules its
    /// SLA timers and links the source interaction, all in one transaction.
    /// </summary>
    /// <param name="request">The case to open.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The case; with an <see cref="OpenCaseRequest.OpenKey"/> already used, the case opened the first time.</returns>
    /// <exception cref="CrmValidationException">The request is invalid (empty subject, unknown team or SLA policy, ...).</exception>
    /// <exception cref="CrmNotFoundException">The customer or the source interaction does not exist.</exception>
    Task<SupportCase> OpenAsync(OpenCaseRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Files an inbound message: joins the customer's newest open case on the same channel, or opens a new one with
    /// the message's subject. The interaction is linked to the case either way.
    /// </summary>
    /// <param name="interactionId">The recorded inbound interaction.</param>
    /// <param name="defaults">Priority, team and category for a new case; the subject comes from the message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The case the message now belongs to.</returns>
    /// <exception cref="CrmNotFoundException">The interaction does not exist.</exception>
    Task<SupportCase> FileInboundAsync(Guid interactionId, OpenCaseRequest? defaults = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a message on the case as an interaction with <see cref="Interaction.CaseId"/> set. The first outbound
    /// one is the case's first response (it stops the first-response SLA clock).
    /// </summary>
    /// <param name="caseId">The case.</param>
    /// <param name="message">The interaction; its customer must be the case's.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The recorded interaction.</returns>
    Task<Interaction> AddMessageAsync(Guid caseId, Interaction message, CancellationToken cancellationToken = default);

    /// <summary>Gets a case.</summary>
    /// <param name="caseId">The case.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The case, or <see langword="null"/>.</returns>
    Task<SupportCase?> GetAsync(Guid caseId, CancellationToken cancellationToken = default);

    /// <summary>Lists cases, newest opened first.</summary>
    /// <param name="query">The filter and page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A page of cases.</returns>
    Task<Page<SupportCase>> ListAsync(CaseQuery query, CancellationToken cancellationToken = default);

    /// <summary>Assigns a case to an agent, or (with <paramref name="ownerId"/> null) by its team's strategy.</summary>
    /// <param name="caseId">The case.</param>
    /// <param name="ownerId">The agent, or <see langword="null"/> to let the team's strategy pick.</param>
    /// <param name="teamId">The team to move the case to, or <see langword="null"/> to keep its team.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The case after.</returns>
    Task<SupportCase> AssignAsync(Guid caseId, string? ownerId, string? teamId = null, CancellationToken cancellationToken = default);

    /// <summary>Moves a case to another status; resolving stamps <see cref="SupportCase.ResolvedAt"/> and stops the resolution clock.</summary>
    /// <param name="caseId">The case.</param>
    /// <param name="status">The new status.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The case after.</returns>
    /// <exception cref="CrmValidationException">The case is closed.</exception>
    Task<SupportCase> ChangeStatusAsync(Guid caseId, CaseStatus status, CancellationToken cancellationToken = default);
}
