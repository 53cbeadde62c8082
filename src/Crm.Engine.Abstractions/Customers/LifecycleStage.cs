namespace Crm.Engine;

/// <summary>
/// Names the stage a customer has reached, from first contact to advocate or churned.
/// </summary>
public enum LifecycleStage
{
    /// <summary>Receives content but has shown no buying interest yet.</summary>
    Subscriber = 0,

    /// <summary>Has shown interest and is not yet qualified.</summary>
    Lead = 1,

    /// <summary>Qualified by marketing as worth a sales conversation.</summary>
    MarketingQualified = 2,

    /// <summary>Qualified by sales (for example by BANT).</summary>
    SalesQualified = 3,

    /// <summary>Has an open deal.</summary>
    Opportunity = 4,

    /// <summary>Has bought.</summary>
    Customer = 5,

    /// <summary>Recommends the organisation to others.</summary>
    Evangelist = 6,

    /// <summary>Has stopped buying.</summary>
    Churned = 7,
}
