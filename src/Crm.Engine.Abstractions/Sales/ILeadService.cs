using Crm.Engine.Storage;

namespace Crm.Engine.Sales;

/// <summary>
/// Leads: capture with source attribution, BANT qualification, scoring with decay and a threshold, and conversion.
/// A lead is a customer record plus a <see cref="LeadProfile"/> with the same identifier.
/// </summary>
public interface ILeadService
{
    /// <summary>
    /// Makes an existing customer a lead (creates its profile), or returns the existing profile unchanged.
    /// Unknown inbound senders already become customers in the <see cref="LifecycleStage.Lead"/> stage; this attaches their attribution.
    /// </summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="source">Where the lead came from.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The lead profile.</returns>
    /// <exception cref="CrmNotFoundException">No such customer.</exception>
    Task<LeadProfile> CaptureAsync(Guid customerId, LeadSource source, CancellationToken cancellationToken = default);

    /// <summary>
    /// Captures a web-form submission: maps fields to a customer, finds an existing customer by email (or creates one
    /// in the lead stage) and creates the lead profile attributed to the form and campaign.
    /// </summary>
    /// <param name="submission">The submission.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The customer, the lead and whether the customer is new.</returns>
    /// <exception cref="CrmValidationException">The mapping names an unknown customer field, or the submission has no email.</exception>
    Task<LeadCaptureResult> CaptureWebFormAsync(WebFormSubmission submission, CancellationToken cancellationToken = default);

    /// <summary>Gets a lead's profile.</summary>
    /// <param name="leadId">The lead (customer) identifier.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The profile, or <see langword="null"/>.</returns>
    Task<LeadProfile?> GetAsync(Guid leadId, CancellationToken cancellationToken = default);

    /// <summary>Records BANT information; raises <see cref="LeadQualified"/> when the lead first meets the criteria.</summary>
    /// <param name="leadId">The lead.</param>
    /// <param name="bant">What is known now.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated profile (<see cref="LeadProfile.QualifiedAt"/> set when qualified).</returns>
    Task<LeadProfile> QualifyAsync(Guid leadId, BantQualification bant, CancellationToken cancellationToken = default);

    /// <summary>
    /// Scores a lead: decays the stored score to now, adds the points of every matching rule, stores the result, and on
    /// an upward threshold crossing raises <see cref="LeadScoreThresholdCrossed"/> and fires the threshold trigger on the
    /// lead's running workflow instances that accept it.
    /// </summary>
    /// <param name="leadId">The lead.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result.</returns>
    Task<LeadScoreResult> ScoreAsync(Guid leadId, CancellationToken cancellationToken = default);

    /// <summary>Gets the lead's score decayed to now, without storing anything.</summary>
    /// <param name="leadId">The lead.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The current score.</returns>
    Task<decimal> GetCurrentScoreAsync(Guid leadId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Converts a lead: the same customer record moves to <see cref="LifecycleStage.Customer"/> (identifier, timeline and
    /// history stay) and a deal is created in the given pipeline's first stage, in one transaction.
    /// </summary>
    /// <param name="leadId">The lead.</param>
    /// <param name="conversion">The deal to create.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The customer, the lead and the deal.</returns>
    /// <exception cref="CrmValidationException">The lead is already converted.</exception>
    Task<LeadConversionResult> ConvertAsync(Guid leadId, LeadConversion conversion, CancellationToken cancellationToken = default);

    /// <summary>Lists leads by stored score, highest first.</summary>
    /// <param name="page">The page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page of profiles.</returns>
    Task<Page<LeadProfile>> ListAsync(PageRequest? page = null, CancellationToken cancellationToken = default);
}
