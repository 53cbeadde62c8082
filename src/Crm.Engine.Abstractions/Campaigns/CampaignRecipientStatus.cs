namespace Crm.Engine.Campaigns;

/// <summary>Where a campaign recipient is between the send and its message.</summary>
public enum CampaignRecipientStatus
{
    /// <summary>Recorded by a send; its message is rendered and queued when it falls due.</summary>
    Pending = 0,

    /// <summary>Its message is in the outbox.</summary>
    Queued = 1,

    /// <summary>Left out at dispatch: consent withdrawn, suppressed, no address, or the customer is gone.</summary>
    Skipped = 2,

    /// <summary>The campaign was cancelled before the recipient was dispatched.</summary>
    Cancelled = 3,
}
