namespace Crm.Engine;

/// <summary>Names the kind of records a CSV file holds.</summary>
public enum ImportKind
{
    /// <summary>Customers, upserted by external id or email.</summary>
    Customers = 0,

    /// <summary>Interactions of existing customers, found by external id or email.</summary>
    Interactions = 1,

    /// <summary>Purchases (one line each) of existing customers, found by external id or email.</summary>
    Purchases = 2,
}
