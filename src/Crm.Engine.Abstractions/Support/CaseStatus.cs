namespace Crm.Engine.Support;

/// <summary>Where a support case is in its life.</summary>
public enum CaseStatus
{
    /// <summary>Opened, nobody has worked on it yet.</summary>
    New,

    /// <summary>Being worked on.</summary>
    Open,

    /// <summary>Waiting for the customer or a third party.</summary>
    Pending,

    /// <summary>Answered; it may still be reopened.</summary>
    Resolved,

    /// <summary>Done for good; a closed case cannot change status any more.</summary>
    Closed,
}
