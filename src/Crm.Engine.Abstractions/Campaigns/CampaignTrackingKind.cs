namespace Crm.Engine.Campaigns;

/// <summary>What a tracking link does when it is followed.</summary>
public enum CampaignTrackingKind
{
    /// <summary>The open pixel: records an open; the host answers with a transparent image.</summary>
    Open = 0,

    /// <summary>The click link: records a click; the host redirects to <see cref="CampaignTrackingResult.RedirectTo"/>.</summary>
    Click = 1,

    /// <summary>The unsubscribe link: withdraws consent and suppresses the customer.</summary>
    Unsubscribe = 2,
}
