namespace Crm.Engine.AspNetCore.OutboundWebhooks;

/// <summary>
/// The names of the events most integrations subscribe to (<see cref="OutboundWebhookSubscription.Events"/>). Every
/// committed domain event is deliverable under its type name in camel case; these are the ones this package documents
/// and tests by name.
/// </summary>
public static class OutboundWebhookEvents
{
    /// <summary>A customer was created (<c>CustomerCreated</c>).</summary>
    public const string CustomerCreated = "customerCreated";

    /// <summary>A customer was updated; the data has <c>before</c> and <c>after</c> (<c>CustomerUpdated</c>).</summary>
    public const string CustomerUpdated = "customerUpdated";

    /// <summary>A customer was deleted, also the duplicate of a merge (<c>CustomerDeleted</c>).</summary>
    public const string CustomerDeleted = "customerDeleted";

    /// <summary>A duplicate was merged into a survivor (<c>CustomerMerged</c>).</summary>
    public const string CustomerMerged = "customerMerged";

    /// <summary>A customer's personal data was erased; the data carries ids only (<c>CustomerErased</c>).</summary>
    public const string CustomerErased = "customerErased";

    /// <summary>An interaction was recorded on a customer's timeline (<c>InteractionRecorded</c>).</summary>
    public const string InteractionRecorded = "interactionRecorded";

    /// <summary>A deal moved to another pipeline stage (<c>DealStageChanged</c>).</summary>
    public const string DealStageChanged = "dealStageChanged";

    /// <summary>A support case was opened (<c>CaseOpened</c>).</summary>
    public const string CaseOpened = "caseOpened";

    /// <summary>A support case missed an SLA milestone (<c>CaseSlaBreached</c>).</summary>
    public const string CaseSlaBreached = "caseSlaBreached";

    /// <summary>Loyalty points were awarded (<c>PointsAwarded</c>).</summary>
    public const string PointsAwarded = "pointsAwarded";

    /// <summary>Loyalty points were redeemed (<c>PointsRedeemed</c>).</summary>
    public const string PointsRedeemed = "pointsRedeemed";

    /// <summary>Gets every name above.</summary>
    public static IReadOnlyList<string> Documented { get; } =
    [
        CustomerCreated, CustomerUpdated, CustomerDeleted, CustomerMerged, CustomerErased, InteractionRecorded,
        DealStageChanged, CaseOpened, CaseSlaBreached, PointsAwarded, PointsRedeemed,
    ];
}
