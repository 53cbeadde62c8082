namespace Crm.Engine.Analytics;

/// <summary>What puts a customer into a monthly cohort.</summary>
public enum CohortBasis
{
    /// <summary>The UTC month of the customer's first purchase (in the report currency or not); the default.</summary>
    FirstPurchase = 0,

    /// <summary>The UTC month the customer record was created.</summary>
    Created = 1,
}
