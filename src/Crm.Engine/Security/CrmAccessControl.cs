using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Crm.Engine.Security;

namespace Crm.Engine;

/// <summary>
/// The one place services ask whether a caller may do something. Every service method calls <see cref="Demand"/>
/// before it reads or writes, so the permission model applies the same to every entity; customer read paths pass their
/// results through <see cref="Mask(CrmCaller, Customer)"/>.
/// </summary>
internal sealed class CrmAccessControl
{
    // Every service method demands first, so the caller set here is the one whose write the method's events describe;
    // the value flows into the rest of the (async) method and is restored when it returns.
    private static readonly AsyncLocal<CrmCaller?> s_ambient = new();

    private readonly CrmSecurityOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<string, CompiledRole> _roles;

    public CrmAccessControl(IOptions<CrmSecurityOptions> options, ILogger<CrmAccessControl> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _roles = _options.Roles.ToDictionary(r => r.Key, r => CompiledRole.From(r.Value), StringComparer.Ordinal);
    }

    /// <summary>Gets the caller of the service method running on this async flow, for the audit log's origin.</summary>
    internal static CrmCaller? AmbientCaller => s_ambient.Value;

    /// <summary>Gets whether roles are enforced (<see cref="CrmSecurityOptions.Enforce"/>).</summary>
    public bool Enforced => _options.Enforce;

    /// <summary>Throws <see cref="CrmAccessDeniedException"/> unless <paramref name="caller"/> holds <paramref name="permission"/> (and, when given, may touch <paramref name="record"/>).</summary>
    /// <param name="caller">The caller.</param>
    /// <param name="permission">The permission the operation needs.</param>
    /// <param name="record">The record targeted, for record-level rules; optional.</param>
    public void Demand(CrmCaller caller, CrmPermission permission, RecordOwnership? record = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        s_ambient.Value = caller;
        if (Check(caller, permission, record) is { } reason)
        {
            SecurityLog.Denied(_logger, caller.TenantId, caller.UserId, caller.Origin.ToString(), permission.ToString(), reason);
            throw new CrmAccessDeniedException(permission, caller.UserId, record, reason);
        }
    }

    /// <summary>Demands <paramref name="permission"/> and returns the caller, for expression-bodied service members.</summary>
    /// <param name="caller">The caller.</param>
    /// <param name="permission">The permission the operation needs.</param>
    /// <returns><paramref name="caller"/>.</returns>
    public CrmCaller Checked(CrmCaller caller, CrmPermission permission)
    {
        Demand(caller, permission);
        return caller;
    }

    /// <summary>
    /// For a customer just read: applies the record-level rule on <c>customers.read</c> (throws when the caller's roles
    /// cover only other owners' records) and masks sensitive fields.
    /// </summary>
    /// <param name="caller">The caller.</param>
    /// <param name="customer">The customer, or <see langword="null"/> when not found.</param>
    /// <returns>The customer as the caller may see it.</returns>
    public Customer? MaskReadable(CrmCaller caller, Customer? customer)
    {
        if (customer is null)
        {
            return null;
        }

        Demand(caller, CrmPermissions.CustomersRead, RecordOwnerships.Of(customer));
        return Mask(caller, customer);
    }

    /// <summary>Leaves out the merged customer's snapshot (it holds every field) unless the caller may read sensitive fields.</summary>
    /// <param name="caller">The caller.</param>
    /// <param name="record">The merge record.</param>
    /// <returns>The record as the caller may see it.</returns>
    public MergeRecord MaskSnapshot(CrmCaller caller, MergeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.MergedSnapshotJson is null || MayReadSensitive(caller) ? record : record with { MergedSnapshotJson = null };
    }

    /// <summary>
    /// Refuses a filter that compares a sensitive field (birth date, income band, sensitive attributes) unless the caller
    /// may read them: otherwise counting "incomeBand = 'high'" would reveal what masking hides. When the caller's roles
    /// cover only its own customers (a record rule on <c>customers</c>), the returned filter also requires
    /// <c>ownerId</c> to be the caller, so searches, counts and pages see only those customers.
    /// </summary>
    /// <param name="caller">The caller.</param>
    /// <param name="filter">The filter, or <see langword="null"/>.</param>
    /// <returns>The filter to run: <paramref name="filter"/>, narrowed to the caller's customers under a record rule.</returns>
    public Conditions.Condition? Filter(CrmCaller caller, Conditions.Condition? filter)
    {
        if (filter is not null && SensitiveFields.FirstIn(filter, _options.SensitiveAttributes) is { } field && !MayReadSensitive(caller))
        {
            var reason = $"the filter compares sensitive field '{field}'";
            SecurityLog.Denied(_logger, caller.TenantId, caller.UserId, caller.Origin.ToString(), CrmPermissions.CustomersReadSensitive.ToString(), reason);
            throw new CrmAccessDeniedException(CrmPermissions.CustomersReadSensitive, caller.UserId, null, reason);
        }

        // Customers have an owner but no team, so a team rule narrows them to the caller's own, as Demand does.
        if (VisibleRecords(caller, CrmPermissions.CustomersRead) is not { } visible)
        {
            return filter;
        }

        var own = Conditions.Condition.Compare("ownerId", Conditions.ComparisonOperator.Eq, new Conditions.StringValue(visible.OwnerId));
        return filter is null ? own : Conditions.Condition.All(filter, own);
    }

    /// <summary>
    /// Tells which records of <paramref name="permission"/>'s resource a list may return to <paramref name="caller"/>:
    /// <see langword="null"/> when every record (no record rule applies, or a role grants it without one); otherwise the
    /// caller's own records, plus its teams' when the widest rule among the granting roles is a team rule. Services put
    /// the result in the store query, so paging stays correct.
    /// </summary>
    /// <param name="caller">The caller (who has passed <see cref="Demand"/> for <paramref name="permission"/>).</param>
    /// <param name="permission">The read permission of the listed resource.</param>
    /// <returns>The visible records, or <see langword="null"/> for all.</returns>
    public RecordVisibility? VisibleRecords(CrmCaller caller, CrmPermission permission)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.IsSystem || !_options.Enforce)
        {
            return null;
        }

        var widest = (RecordScope?)null;
        foreach (var roleName in caller.Roles.Count > 0 ? caller.Roles : (IReadOnlySet<string>)_options.DefaultRoles)
        {
            if (!_roles.TryGetValue(roleName, out var role) || !role.Grants(permission))
            {
                continue;
            }

            var scope = role.ScopeOf(permission.Resource);
            if (scope == RecordScope.All)
            {
                return null;
            }

            widest = widest == RecordScope.Team || scope == RecordScope.Team ? RecordScope.Team : RecordScope.Owner;
        }

        // No granting role: there is no rule to apply; the list's own Demand decides (a segment count needs only segments.read).
        return widest switch
        {
            null => null,
            RecordScope.Team => new RecordVisibility(caller.UserId, [.. caller.Teams]),
            _ => new RecordVisibility(caller.UserId, []),
        };
    }

    /// <summary>Tells whether <paramref name="caller"/> holds <paramref name="permission"/> on any record.</summary>
    /// <param name="caller">The caller.</param>
    /// <param name="permission">The permission.</param>
    /// <returns><see langword="true"/> when held.</returns>
    public bool Holds(CrmCaller caller, CrmPermission permission) => Check(caller, permission, null) is null;

    /// <summary>Tells whether the caller may see sensitive customer fields.</summary>
    /// <param name="caller">The caller.</param>
    /// <returns><see langword="true"/> when held.</returns>
    public bool MayReadSensitive(CrmCaller caller) => Holds(caller, CrmPermissions.CustomersReadSensitive);

    /// <summary>Gets the custom attributes that count as sensitive.</summary>
    public IReadOnlySet<string> SensitiveAttributes => (IReadOnlySet<string>)_options.SensitiveAttributes;

    /// <summary>Returns <paramref name="customer"/> with its sensitive fields removed unless the caller may read them.</summary>
    /// <param name="caller">The caller.</param>
    /// <param name="customer">The customer, or <see langword="null"/>.</param>
    /// <returns>The customer as the caller may see it.</returns>
    public Customer? Mask(CrmCaller caller, Customer? customer) =>
        customer is null || MayReadSensitive(caller) ? customer : SensitiveFields.Mask(customer, _options.SensitiveAttributes);

    /// <summary>Masks every customer of a page (see <see cref="Mask(CrmCaller, Customer)"/>).</summary>
    /// <param name="caller">The caller.</param>
    /// <param name="page">The page.</param>
    /// <returns>The page as the caller may see it.</returns>
    public Storage.Page<Customer> Mask(CrmCaller caller, Storage.Page<Customer> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return MayReadSensitive(caller) ? page : page with { Items = [.. page.Items.Select(c => SensitiveFields.Mask(c, _options.SensitiveAttributes))] };
    }

    /// <summary>
    /// For an update by a caller who cannot see sensitive fields: puts back the stored values the caller received masked,
    /// so a read-modify-write cycle does not wipe them. Values the caller does send are written.
    /// </summary>
    /// <param name="caller">The caller.</param>
    /// <param name="incoming">The customer as the caller sent it.</param>
    /// <param name="stored">The customer as stored.</param>
    /// <returns>The customer to write.</returns>
    public Customer KeepMasked(CrmCaller caller, Customer incoming, Customer? stored) =>
        stored is null || MayReadSensitive(caller) ? incoming : SensitiveFields.Restore(incoming, stored, _options.SensitiveAttributes);

    private string? Check(CrmCaller caller, CrmPermission permission, RecordOwnership? record)
    {
        if (caller.PermissionCeiling is { } ceiling && !ceiling.Any(g => PermissionGrant.TryParse(g, out var grant) && grant.Matches(permission)))
        {
            return caller.Origin.Kind == "plugin"
                ? $"plugin '{caller.Origin.Id}' did not declare it among its capabilities"
                : "it is outside the caller's permission ceiling";
        }

        if (caller.IsSystem)
        {
            return null;
        }

        if (!_options.Enforce)
        {
            return null;
        }

        var roles = caller.Roles.Count > 0 ? caller.Roles : (IReadOnlySet<string>)_options.DefaultRoles;
        string? outOfScope = null;
        foreach (var roleName in roles)
        {
            if (!_roles.TryGetValue(roleName, out var role) || !role.Grants(permission))
            {
                continue;
            }

            var scope = role.ScopeOf(permission.Resource);
            if (record is null || InScope(scope, caller, record))
            {
                return null;
            }

            outOfScope = $"role '{roleName}' covers only {(scope == RecordScope.Owner ? "records the caller owns" : "records of the caller or the caller's teams")}"
                + $" and the record is owned by '{record.OwnerId ?? "nobody"}'" + (record.TeamId is null ? "" : $" (team '{record.TeamId}')");
        }

        return outOfScope ?? (roles.Count == 0
            ? "the caller has no roles"
            : $"none of the caller's roles ({string.Join(", ", roles.Order(StringComparer.Ordinal))}) grants it");
    }

    private static bool InScope(RecordScope scope, CrmCaller caller, RecordOwnership record) => scope switch
    {
        RecordScope.All => true,
        RecordScope.Owner => string.Equals(record.OwnerId, caller.UserId, StringComparison.Ordinal),
        _ => string.Equals(record.OwnerId, caller.UserId, StringComparison.Ordinal)
            || (record.TeamId is not null && caller.Teams.Contains(record.TeamId)),
    };

    private sealed class CompiledRole
    {
        private readonly PermissionGrant[] _grants;
        private readonly Dictionary<string, RecordScope> _scopes;

        private CompiledRole(PermissionGrant[] grants, Dictionary<string, RecordScope> scopes)
        {
            _grants = grants;
            _scopes = scopes;
        }

        public static CompiledRole From(CrmRoleDefinition definition) => new(
            [.. definition.Grants.Select(g => PermissionGrant.TryParse(g, out var grant) ? grant : (PermissionGrant?)null).OfType<PermissionGrant>()],
            new Dictionary<string, RecordScope>(definition.RecordScopes, StringComparer.Ordinal));

        public bool Grants(CrmPermission permission) => Array.Exists(_grants, g => g.Matches(permission));

        public RecordScope ScopeOf(string resource) => _scopes.GetValueOrDefault(resource, RecordScope.All);
    }
}
