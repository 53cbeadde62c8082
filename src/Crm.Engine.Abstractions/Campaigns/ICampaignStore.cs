using Crm.Engine.Storage;

namespace Crm.Engine.Campaigns;

/// <summary>
/// Stores campaigns, their recipients and tracked events, and the suppression list; resolves audiences and aggregates
/// effectiveness in the database. Reached through <see cref="IStorageSession.Campaigns"/>; writes join the session's
/// transaction. Prove an implementation with <c>CampaignStorageConformanceTests</c> from Crm.Engine.Testing.
/// </summary>
public interface ICampaignStore
{
    /// <summary>Inserts a campaign.</summary>
    /// <param name="campaign">The campaign.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when it is stored.</returns>
    /// <exception cref="CrmDuplicateException">A campaign with the id exists.</exception>
    Task InsertAsync(Campaign campaign, CancellationToken cancellationToken);

    /// <summary>Replaces a campaign.</summary>
    /// <param name="campaign">The campaign.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="false"/> when no campaign has the id.</returns>
    Task<bool> UpdateAsync(Campaign campaign, CancellationToken cancellationToken);

    /// <summary>Gets a campaign.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The campaign, or <see langword="null"/>.</returns>
    Task<Campaign?> GetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Lists campaigns, newest first.</summary>
    /// <param name="page">The page.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One page.</returns>
    Task<Page<Campaign>> ListAsync(PageRequest page, CancellationToken cancellationToken);

    /// <summary>Reads one batch of a campaign's audience (see <see cref="CampaignAudienceQuery"/>), in one statement.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The customers, in ascending id order.</returns>
    Task<IReadOnlyList<Customer>> ReadAudienceAsync(CampaignAudienceQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the ids of a campaign's audience (see <see cref="CampaignAudienceQuery"/>) in one statement, without
    /// loading customer rows: what a send records as pending recipients.
    /// </summary>
    /// <param name="query">The query; <see cref="CampaignAudienceQuery.Limit"/> caps the count.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The customer ids, ascending.</returns>
    Task<IReadOnlyList<Guid>> ReadAudienceIdsAsync(CampaignAudienceQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the next pending recipients due by <see cref="CampaignDispatchQuery.DueBy"/>, in not-before then customer
    /// order, with the customer's current row and its consent and suppression as of now, in one statement. Inside a
    /// transaction, providers that can lock rows lock them and skip rows another dispatcher holds.
    /// </summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Up to <see cref="CampaignDispatchQuery.Limit"/> candidates.</returns>
    Task<IReadOnlyList<CampaignDispatchCandidate>> ReadDueRecipientsAsync(CampaignDispatchQuery query, CancellationToken cancellationToken);

    /// <summary>Records what dispatch did with recipients that are still pending (others are left alone).</summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="outcomes">The outcomes.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>How many pending recipients were updated.</returns>
    Task<int> CompleteRecipientsAsync(Guid campaignId, IReadOnlyList<CampaignRecipientOutcome> outcomes, CancellationToken cancellationToken);

    /// <summary>Marks every pending recipient of a campaign cancelled.</summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="at">When.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>How many were pending.</returns>
    Task<int> CancelPendingRecipientsAsync(Guid campaignId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Counts a campaign's recipients by status, with the earliest pending not-before time, in one statement.</summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The counts.</returns>
    Task<CampaignRecipientCounts> CountRecipientsAsync(Guid campaignId, CancellationToken cancellationToken);

    /// <summary>Counts a campaign's audience and why members are left out, in one statement (paging fields ignored).</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The counts.</returns>
    Task<CampaignAudienceCounts> CountAudienceAsync(CampaignAudienceQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Records recipients with their status and not-before time (one prepared statement or one round trip per call);
    /// a customer already a recipient of the campaign keeps the first row.
    /// </summary>
    /// <param name="recipients">The recipients.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>How many were new.</returns>
    Task<int> AddRecipientsAsync(IReadOnlyList<CampaignRecipient> recipients, CancellationToken cancellationToken);

    /// <summary>Gets a campaign's recipient row.</summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The row, or <see langword="null"/>.</returns>
    Task<CampaignRecipient?> GetRecipientAsync(Guid campaignId, Guid customerId, CancellationToken cancellationToken);

    /// <summary>
    /// Records a tracked event: one row per campaign, customer and kind, counting repeats and adding amounts. The
    /// variant stored is the recipient's, else the event's.
    /// </summary>
    /// <param name="trackingEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when it is the first of its kind for the campaign and customer.</returns>
    Task<bool> RecordEventAsync(CampaignTrackingEvent trackingEvent, CancellationToken cancellationToken);

    /// <summary>
    /// Finds the customer's last touch (delivered or clicked event, by the time of its latest occurrence not after
    /// <paramref name="at"/>) within its campaign's attribution window before <paramref name="at"/>.
    /// </summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="at">The purchase time.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The touch, or <see langword="null"/>.</returns>
    Task<CampaignTouch?> FindLastTouchAsync(Guid customerId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Aggregates a campaign's queued recipients (as sent) and events per variant in the database.</summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The counts of every variant that has a recipient or event.</returns>
    Task<IReadOnlyList<CampaignVariantCounts>> CountByVariantAsync(Guid campaignId, CancellationToken cancellationToken);

    /// <summary>Adds a suppression list entry, or replaces the reason and time of an existing one.</summary>
    /// <param name="suppression">The entry.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when it was not on the list.</returns>
    Task<bool> AddSuppressionAsync(Suppression suppression, CancellationToken cancellationToken);

    /// <summary>Removes a suppression list entry.</summary>
    /// <param name="suppression">The entry (its customer id or address).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="false"/> when it was not on the list.</returns>
    Task<bool> RemoveSuppressionAsync(Suppression suppression, CancellationToken cancellationToken);

    /// <summary>Lists the suppression list, newest first.</summary>
    /// <param name="page">The page.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One page.</returns>
    Task<Page<Suppression>> ListSuppressionsAsync(PageRequest page, CancellationToken cancellationToken);
}
