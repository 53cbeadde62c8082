using Crm.Engine.Security;

namespace Crm.Engine;

/// <summary>
/// The one place services ask whether a caller may do something. Every service method calls <see cref="Demand"/>
/// before it reads or writes, so the permission model applies the same to every entity.
/// </summary>
/// <remarks>Placeholder policy: allows everything. Issue 11 replaces the body with roles, grants and record rules.</remarks>
internal sealed class CrmAccessControl
{
    private readonly bool _allowAll = true;

    /// <summary>Throws <see cref="CrmAccessDeniedException"/> unless <paramref name="caller"/> holds <paramref name="permission"/> (and, when given, may touch <paramref name="record"/>).</summary>
    /// <param name="caller">The caller.</param>
    /// <param name="permission">The permission the operation needs.</param>
    /// <param name="record">The record targeted, for record-level rules; optional.</param>
    public void Demand(CrmCaller caller, CrmPermission permission, RecordOwnership? record = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!_allowAll)
        {
            throw new CrmAccessDeniedException(permission, caller.UserId, record, "no permission model is configured");
        }
    }
}
