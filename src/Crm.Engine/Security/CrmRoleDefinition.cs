namespace Crm.Engine.Security;

/// <summary>What one role may do: permission grants (with wildcards) and, per resource, which records they cover.</summary>
public sealed class CrmRoleDefinition
{
    /// <summary>Gets the grants: <c>resource.action</c>, <c>resource.*</c>, <c>*.action</c> or <c>*</c>.</summary>
    public ISet<string> Grants { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Gets the record-level rule per resource (<c>deals</c> -> <see cref="RecordScope.Team"/>); resources not listed use <see cref="RecordScope.All"/>.</summary>
    public IDictionary<string, RecordScope> RecordScopes { get; } = new Dictionary<string, RecordScope>(StringComparer.Ordinal);

    /// <summary>Adds grants.</summary>
    /// <param name="grants">The grants, such as <c>deals.*</c> or <c>customers.read</c>.</param>
    /// <returns>This role, for chaining.</returns>
    public CrmRoleDefinition Grant(params string[] grants)
    {
        ArgumentNullException.ThrowIfNull(grants);
        foreach (var grant in grants)
        {
            Grants.Add(grant);
        }

        return this;
    }

    /// <summary>Removes grants previously added (for example from a built-in role).</summary>
    /// <param name="grants">The grants, spelled exactly as they were added.</param>
    /// <returns>This role, for chaining.</returns>
    public CrmRoleDefinition Revoke(params string[] grants)
    {
        ArgumentNullException.ThrowIfNull(grants);
        foreach (var grant in grants)
        {
            Grants.Remove(grant);
        }

        return this;
    }

    /// <summary>Limits this role's grants on <paramref name="resource"/> to records the caller owns.</summary>
    /// <param name="resource">The resource, such as <c>deals</c>.</param>
    /// <returns>This role, for chaining.</returns>
    public CrmRoleDefinition OwnRecordsOnly(string resource) => Scope(resource, RecordScope.Owner);

    /// <summary>Limits this role's grants on <paramref name="resource"/> to records owned by the caller or one of the caller's teams.</summary>
    /// <param name="resource">The resource, such as <c>cases</c>.</param>
    /// <returns>This role, for chaining.</returns>
    public CrmRoleDefinition TeamRecordsOnly(string resource) => Scope(resource, RecordScope.Team);

    private CrmRoleDefinition Scope(string resource, RecordScope scope)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resource);
        RecordScopes[resource] = scope;
        return this;
    }
}
