namespace Crm.Engine.Security;

/// <summary>Reports that the caller lacks the permission an operation demands, or may not touch the record.</summary>
public sealed class CrmAccessDeniedException : CrmException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="permission">The permission demanded.</param>
    /// <param name="userId">The caller's user id.</param>
    /// <param name="record">The record the operation targets, or <see langword="null"/>.</param>
    /// <param name="reason">Why access was denied (missing role grant, not the owner, ...).</param>
    public CrmAccessDeniedException(CrmPermission permission, string userId, RecordOwnership? record, string reason)
        : base($"Access denied: user '{userId}' lacks permission '{permission}'"
            + (record is null ? "" : $" on {record.RecordType} '{record.RecordKey}'") + ": " + reason)
    {
        Permission = permission;
        UserId = userId;
        Record = record;
        Reason = reason;
    }

    /// <summary>Gets the permission demanded.</summary>
    public CrmPermission Permission { get; }

    /// <summary>Gets the caller's user id.</summary>
    public string UserId { get; }

    /// <summary>Gets the record the operation targeted, or <see langword="null"/>.</summary>
    public RecordOwnership? Record { get; }

    /// <summary>Gets why access was denied.</summary>
    public string Reason { get; }
}
