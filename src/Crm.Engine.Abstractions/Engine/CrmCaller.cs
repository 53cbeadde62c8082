namespace Crm.Engine;

/// <summary>
/// Identifies who calls the engine: the tenant whose data is touched, the user, and their roles and teams.
/// Every service call runs on behalf of a caller, which is how tenancy (and later permissions) is enforced.
/// </summary>
/// <param name="TenantId">The tenant; every read and write is confined to it.</param>
/// <param name="UserId">The user or system component acting.</param>
public sealed record CrmCaller(string TenantId, string UserId)
{
    /// <summary>The user identifier of <see cref="System"/> callers.</summary>
    public const string SystemUserId = "system";

    /// <summary>Gets the caller's roles.</summary>
    public IReadOnlySet<string> Roles { get; init; } = EmptySet;

    /// <summary>Gets the caller's teams.</summary>
    public IReadOnlySet<string> Teams { get; init; } = EmptySet;

    /// <summary>Creates a caller for trusted engine-internal work in a tenant.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <returns>The caller.</returns>
    public static CrmCaller System(string tenantId) => new(tenantId, SystemUserId);

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>(StringComparer.Ordinal);
}
