namespace Crm.Engine.Campaigns;

/// <summary>What happened to a campaign message, as tracked per campaign, customer and kind.</summary>
public enum CampaignEventKind
{
    /// <summary>The outbox delivered the message to the channel.</summary>
    Delivered = 0,

    /// <summary>The outbox gave up: dead-lettered, or suppressed at send time for lack of consent.</summary>
    Failed = 1,

    /// <summary>The tracking pixel was loaded (counted unique and total).</summary>
    Opened = 2,

    /// <summary>The tracking link was followed (counted unique and total).</summary>
    Clicked = 3,

    /// <summary>The customer replied to the message.</summary>
    Replied = 4,

    /// <summary>The customer followed the unsubscribe link: consent withdrawn and the customer suppressed.</summary>
    Unsubscribed = 5,

    /// <summary>The customer bought within the attribution window after a delivery or click (last touch).</summary>
    Converted = 6,
}
