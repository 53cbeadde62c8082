namespace Crm.Engine.Storage;

/// <summary>
/// Names a keyset-pageable sort order: a field that is never null, with the record identifier as tie-breaker.
/// </summary>
public enum SortOrder
{
    /// <summary>By creation time (for purchases and interactions, by purchase or occurrence time), oldest first.</summary>
    CreatedAscending = 0,

    /// <summary>By creation time (for purchases and interactions, by purchase or occurrence time), newest first.</summary>
    CreatedDescending = 1,

    /// <summary>By last change, oldest first. Customers only; other records fall back to <see cref="CreatedAscending"/>.</summary>
    UpdatedAscending = 2,

    /// <summary>By last change, newest first. Customers only; other records fall back to <see cref="CreatedDescending"/>.</summary>
    UpdatedDescending = 3,
}
