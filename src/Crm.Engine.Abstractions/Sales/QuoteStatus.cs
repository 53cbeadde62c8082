namespace Crm.Engine.Sales;

/// <summary>Where a quote is in its life.</summary>
public enum QuoteStatus
{
    /// <summary>Being prepared or sent; can be accepted or rejected.</summary>
    Open = 0,

    /// <summary>Accepted; an order was created. Final.</summary>
    Accepted = 1,

    /// <summary>Rejected by the customer or withdrawn. Final.</summary>
    Rejected = 2,
}
