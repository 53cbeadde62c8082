namespace Crm.Engine;

/// <summary>Names how an imported row finds the customer it updates or belongs to.</summary>
public enum UpsertKey
{
    /// <summary>By external id when the row has one, otherwise by email.</summary>
    ExternalIdThenEmail = 0,

    /// <summary>By external id only; rows without one are inserted.</summary>
    ExternalId = 1,

    /// <summary>By the primary email only; rows without one are inserted.</summary>
    Email = 2,
}
