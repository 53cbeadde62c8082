using Crm.Engine.Storage;

namespace Crm.Engine.Campaigns;

/// <summary>
/// Creates, schedules and sends campaigns through the outbox, keeps the suppression list, and reports effectiveness.
/// Obtained from <see cref="ICrmContext.Campaigns"/>.
/// </summary>
public interface ICampaignService
{
    /// <summary>Creates a campaign as a draft.</summary>
    /// <param name="campaign">The campaign; an empty id is assigned.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The stored campaign.</returns>
    /// <exception cref="CrmValidationException">A field is missing or out of range (splits not adding up to 100, unknown template, bad condition ...).</exception>
    /// <exception cref="CrmDuplicateException">A campaign with the id exists.</exception>
    Task<Campaign> CreateAsync(Campaign campaign, CancellationToken cancellationToken = default);

    /// <summary>Changes a draft or scheduled campaign (name, template, variants, audience, rate, window, cost).</summary>
    /// <param name="campaign">The campaign with its changes.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The stored campaign.</returns>
    /// <exception cref="CrmNotFoundException">No such campaign.</exception>
    /// <exception cref="CrmValidationException">A field is invalid, or the campaign was sent or cancelled.</exception>
    Task<Campaign> UpdateAsync(Campaign campaign, CancellationToken cancellationToken = default);

    /// <summary>Gets a campaign.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The campaign, or <see langword="null"/>.</returns>
    Task<Campaign?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Lists campaigns, newest first.</summary>
    /// <param name="page">The page.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>One page.</returns>
    Task<Page<Campaign>> ListAsync(PageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>Schedules the send through the job scheduler (replacing an earlier schedule).</summary>
    /// <param name="id">The campaign.</param>
    /// <param name="dueAt">When to send.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The campaign, now scheduled.</returns>
    /// <exception cref="CrmNotFoundException">No such campaign.</exception>
    /// <exception cref="CrmValidationException">The campaign is cancelled.</exception>
    Task<Campaign> ScheduleAsync(Guid id, DateTimeOffset dueAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends now: resolves the audience in the store (segment members with consent, not suppressed, not yet recipients
    /// of this campaign) as ids, assigns each a variant deterministically and a not-before time by the send rate, and
    /// records them as pending recipients; rendering happens at dispatch (<see cref="DispatchAsync"/>, run by the
    /// job runner), which checks consent and suppression again and enqueues one message per customer under the
    /// idempotency key <c>campaign:{campaign}:{customer}</c>. Sending again reaches only customers who joined the
    /// audience since; nobody is messaged twice.
    /// </summary>
    /// <param name="id">The campaign.</param>
    /// <param name="cancellationToken">Cancels the work; batches already committed stay recorded and are skipped by the next send.</param>
    /// <returns>Who was recorded, per variant.</returns>
    /// <exception cref="CrmNotFoundException">No such campaign.</exception>
    /// <exception cref="CrmValidationException">The campaign is cancelled, or its segment no longer exists.</exception>
    Task<CampaignSendResult> SendAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Dispatches a campaign now: renders and enqueues the messages of pending recipients due within
    /// <c>CampaignOptions.DispatchLookahead</c>, in chunks of one transaction each, after checking consent and the
    /// suppression list again (a recipient who withdrew or was suppressed since the send is skipped, not messaged).
    /// The job runner calls this after every send; hosts without it call it themselves.
    /// </summary>
    /// <param name="id">The campaign.</param>
    /// <param name="cancellationToken">Cancels the work; chunks already committed stay dispatched.</param>
    /// <returns>What was queued and skipped, and how far the campaign is.</returns>
    /// <exception cref="CrmNotFoundException">No such campaign.</exception>
    Task<CampaignDispatchResult> DispatchAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Counts the campaign's recipients by status: pending, queued, skipped, cancelled.</summary>
    /// <param name="id">The campaign.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The counts.</returns>
    /// <exception cref="CrmNotFoundException">No such campaign.</exception>
    Task<CampaignRecipientCounts> GetSendProgressAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Cancels a campaign: its schedule is removed, its pending recipients and its messages still pending in the outbox are cancelled.</summary>
    /// <param name="id">The campaign.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The campaign, now cancelled.</returns>
    /// <exception cref="CrmNotFoundException">No such campaign.</exception>
    Task<Campaign> CancelAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Counts the audience: members, without consent, suppressed, already messaged, eligible.</summary>
    /// <param name="id">The campaign.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The counts.</returns>
    /// <exception cref="CrmNotFoundException">No such campaign.</exception>
    Task<CampaignAudienceCounts> PreviewAudienceAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Records a tracked event (used by the engine's handlers; hosts may record events from other sources).</summary>
    /// <param name="trackingEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns><see langword="true"/> when it is the first of its kind for the campaign and customer.</returns>
    /// <exception cref="CrmNotFoundException">No such campaign.</exception>
    Task<bool> TrackAsync(CampaignTrackingEvent trackingEvent, CancellationToken cancellationToken = default);

    /// <summary>Computes the effectiveness per campaign and variant, with A/B tests on conversion.</summary>
    /// <param name="id">The campaign.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The effectiveness.</returns>
    /// <exception cref="CrmNotFoundException">No such campaign.</exception>
    Task<CampaignEffectiveness> GetEffectivenessAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Adds a customer to the suppression list.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The entry.</returns>
    Task<Suppression> SuppressCustomerAsync(Guid customerId, SuppressionReason reason, CancellationToken cancellationToken = default);

    /// <summary>Adds an address (email, phone, handle) to the suppression list; it is kept in lower case.</summary>
    /// <param name="address">The address.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="CrmValidationException">The address is empty or longer than 320 characters.</exception>
    Task<Suppression> SuppressAddressAsync(string address, SuppressionReason reason, CancellationToken cancellationToken = default);

    /// <summary>Removes a customer or address from the suppression list.</summary>
    /// <param name="suppression">The entry (its customer id or address).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns><see langword="false"/> when it was not on the list.</returns>
    Task<bool> UnsuppressAsync(Suppression suppression, CancellationToken cancellationToken = default);

    /// <summary>Lists the suppression list, newest first.</summary>
    /// <param name="page">The page.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>One page.</returns>
    Task<Page<Suppression>> ListSuppressionsAsync(PageRequest? page = null, CancellationToken cancellationToken = default);
}
