using Crm.Engine.Events;

namespace Crm.Engine.Campaigns;

/// <summary>Raised after a campaign is created.</summary>
/// <param name="Campaign">The campaign as stored.</param>
public sealed record CampaignCreated(Campaign Campaign) : CrmEvent;

/// <summary>Raised after a campaign is changed (edited, scheduled, sent or cancelled).</summary>
/// <param name="Before">The campaign as it was.</param>
/// <param name="After">The campaign as stored now.</param>
public sealed record CampaignUpdated(Campaign Before, Campaign After) : CrmEvent;

/// <summary>Raised after a campaign's send job is scheduled.</summary>
/// <param name="Campaign">The campaign.</param>
/// <param name="DueAt">When it is sent.</param>
public sealed record CampaignScheduled(Campaign Campaign, DateTimeOffset DueAt) : CrmEvent;

/// <summary>Raised after a send of a campaign recorded its audience as pending recipients.</summary>
/// <param name="Campaign">The campaign.</param>
/// <param name="Result">Who was recorded.</param>
public sealed record CampaignSent(Campaign Campaign, CampaignSendResult Result) : CrmEvent;

/// <summary>Raised after a dispatch of a campaign queued or skipped at least one recipient.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Result">What was queued and skipped.</param>
public sealed record CampaignDispatched(Guid CampaignId, CampaignDispatchResult Result) : CrmEvent;

/// <summary>Raised after a campaign event was tracked (delivered, opened, clicked, replied, unsubscribed, converted ...).</summary>
/// <param name="Event">What was tracked.</param>
/// <param name="First">Whether it is the first of its kind for this campaign and customer.</param>
public sealed record CampaignTracked(CampaignTrackingEvent Event, bool First) : CrmEvent;

/// <summary>Raised after a customer or address was added to the suppression list.</summary>
/// <param name="Suppression">The entry.</param>
public sealed record SuppressionAdded(Suppression Suppression) : CrmEvent;

/// <summary>Raised after a customer or address was removed from the suppression list.</summary>
/// <param name="Suppression">The entry removed.</param>
public sealed record SuppressionRemoved(Suppression Suppression) : CrmEvent;
