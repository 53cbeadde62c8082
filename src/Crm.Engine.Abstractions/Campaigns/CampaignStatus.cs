namespace Crm.Engine.Campaigns;

/// <summary>Where a campaign is in its life.</summary>
public enum CampaignStatus
{
    /// <summary>Created; may be edited, scheduled or sent.</summary>
    Draft = 0,

    /// <summary>A send job is scheduled.</summary>
    Scheduled = 1,

    /// <summary>Its audience was enqueued; it may be sent again to reach customers who joined the audience since.</summary>
    Sent = 2,

    /// <summary>Cancelled; it sends nothing more.</summary>
    Cancelled = 3,
}
