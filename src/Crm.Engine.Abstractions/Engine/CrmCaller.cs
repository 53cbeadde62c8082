using Crm.Engine.Security;

namespace Crm.Engine;

/// <summary>
/// Identifies who calls the engine: the tenant whose data is touched, the user, and their roles and teams.
/// Every service call runs on behalf of a caller, which is how tenancy (and later permissions) is enforced.
/// </summary>
/// <param name="TenantId">The tenant; every read and write is confined to it.</param>
/// <param name="UserId">The user or system component acting.</param>
public sealed record CrmCaller(string TenantId, string UserId)
{
    /// <summary>The user identifier of <see cref="System(string)"/> callers.</summary>
    public const string SystemUserId = "system";

    /// <summary>Gets the caller's roles.</summary>
    public IReadOnlySet<string> Roles { get; init; } = EmptySet;

    /// <summary>Gets the caller's teams.</summary>
    public IReadOnlySet<string> Teams { get; init; } = EmptySet;

    /// <summary>Gets through which channel the call came (API, plugin, CLI, workflow); recorded in the audit log.</summary>
    public CrmOrigin Origin { get; init; } = CrmOrigin.Direct;

    /// <summary>
    /// Gets an upper bound on what this caller may do, in the grant syntax of role configuration (<c>customers.read</c>,
    /// <c>deals.*</c>), or <see langword="null"/> for no bound. The engine sets it on the callers it hands to plugins
    /// (their declared capabilities); it can only take permissions away, never add them.
    /// </summary>
    public IReadOnlySet<string>? PermissionCeiling { get; init; }

    /// <summary>
    /// Gets whether the caller is trusted engine-internal work, which holds every permission (still confined to its
    /// tenant and to <see cref="PermissionCeiling"/>). Only <see cref="System(string)"/> creates such callers, so a user
    /// id of <c>system</c> arriving from a token is not trusted.
    /// </summary>
    public bool IsSystem { get; private init; }

    /// <summary>Creates a caller for trusted engine-internal work in a tenant.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <returns>The caller.</returns>
    public static CrmCaller System(string tenantId) => new(tenantId, SystemUserId) { IsSystem = true };

    /// <summary>Creates a trusted engine-internal caller that acts under its own name (a workflow timer, an event binding).</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="actor">The name recorded as the actor of its writes.</param>
    /// <param name="origin">Through which channel it acts.</param>
    /// <returns>The caller.</returns>
    public static CrmCaller System(string tenantId, string actor, CrmOrigin origin) =>
        new(tenantId, actor) { IsSystem = true, Origin = origin };

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>(StringComparer.Ordinal);
}
