namespace Crm.Engine.Campaigns;

/// <summary>
/// A customer a campaign was sent to: at most one per campaign, which makes resending safe. A send records the
/// recipient as <see cref="CampaignRecipientStatus.Pending"/> with its variant and not-before time; dispatch renders
/// its message when it falls due and records the outcome. Holds ids only, no personal data.
/// </summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="Variant">The variant the customer was assigned.</param>
/// <param name="MessageId">The outbox message, once dispatched; <see langword="null"/> while pending or when skipped.</param>
/// <param name="QueuedAt">When the send recorded the recipient.</param>
public sealed record CampaignRecipient(Guid CampaignId, Guid CustomerId, string Variant, Guid? MessageId, DateTimeOffset QueuedAt)
{
    /// <summary>Gets where the recipient is: pending until dispatched, unless a message id is given (recorded already queued).</summary>
    public CampaignRecipientStatus Status { get; init; } = MessageId is null ? CampaignRecipientStatus.Pending : CampaignRecipientStatus.Queued;

    /// <summary>Gets the not-before time the send rate gave the recipient's message; <see cref="QueuedAt"/> unless set.</summary>
    public DateTimeOffset DueAt { get; init; } = QueuedAt;

    /// <summary>Gets when dispatch queued, skipped or cancelled the recipient.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
}
