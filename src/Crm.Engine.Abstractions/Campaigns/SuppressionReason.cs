namespace Crm.Engine.Campaigns;

/// <summary>Why a customer or address is on the tenant's suppression list.</summary>
public enum SuppressionReason
{
    /// <summary>Messages to the address bounced.</summary>
    Bounced = 0,

    /// <summary>The recipient complained (marked as spam).</summary>
    Complained = 1,

    /// <summary>The recipient unsubscribed.</summary>
    Unsubscribed = 2,

    /// <summary>Suppressed by hand.</summary>
    Manual = 3,
}
