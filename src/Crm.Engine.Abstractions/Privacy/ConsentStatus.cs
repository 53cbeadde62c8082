namespace Crm.Engine;

/// <summary>Names whether a consent record grants or withdraws consent.</summary>
public enum ConsentStatus
{
    /// <summary>The customer agreed.</summary>
    Granted = 0,

    /// <summary>The customer withdrew (or refused) consent.</summary>
    Withdrawn = 1,
}
