namespace Crm.Engine;

/// <summary>
/// Reports an attempt to write a record that belongs to another tenant than the session or caller. Nothing was written.
/// </summary>
public sealed class CrmTenantMismatchException : CrmException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="sessionTenantId">The tenant the session or caller is bound to.</param>
    /// <param name="recordTenantId">The tenant named on the record.</param>
    public CrmTenantMismatchException(string sessionTenantId, string recordTenantId)
        : base($"A record of tenant '{recordTenantId}' cannot be written through a session of tenant '{sessionTenantId}'.")
    {
        SessionTenantId = sessionTenantId;
        RecordTenantId = recordTenantId;
    }

    /// <summary>Gets the tenant the session or caller is bound to.</summary>
    public string SessionTenantId { get; }

    /// <summary>Gets the tenant named on the record.</summary>
    public string RecordTenantId { get; }
}
