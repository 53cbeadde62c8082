namespace Crm.Engine.Security;

/// <summary>
/// Configures who may do what: roles and their grants, record-level rules and the customer fields that are sensitive.
/// Set through <see cref="SecurityCrmEngineBuilderExtensions.ConfigureSecurity"/>; validated when the engine starts.
/// </summary>
public sealed class CrmSecurityOptions
{
    /// <summary>
    /// Gets or sets whether permissions are enforced. <see cref="SecurityCrmEngineBuilderExtensions.ConfigureSecurity"/>
    /// sets it; without it every caller holds every permission (tenancy still applies) and the engine logs a warning at
    /// start. See <c>docs/security.md</c> for why that is the default.
    /// </summary>
    public bool Enforce { get; set; }

    /// <summary>Gets the roles by name, starting with the built-in ones (<see cref="CrmBuiltInRoles"/>).</summary>
    public IDictionary<string, CrmRoleDefinition> Roles { get; } = CreateBuiltInRoles();

    /// <summary>Gets the roles given to callers that carry none (empty by default: such callers may do nothing).</summary>
    public ISet<string> DefaultRoles { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Gets the custom attributes (keys of <see cref="Customer.Attributes"/>) that are sensitive like income band and
    /// birth date: masked for callers without <c>customers.readSensitive</c>.
    /// </summary>
    public ISet<string> SensitiveAttributes { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Gets permissions that grants may name beyond the engine's own (<see cref="CrmPermissions"/> and any
    /// <c>static readonly CrmPermission</c> field in the engine's assemblies), such as a plugin's.
    /// </summary>
    public ISet<CrmPermission> AdditionalPermissions { get; } = new HashSet<CrmPermission>();

    /// <summary>Gets or creates a role, to add grants and record rules.</summary>
    /// <param name="name">The role's name, compared ordinally.</param>
    /// <returns>The role.</returns>
    public CrmRoleDefinition Role(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!Roles.TryGetValue(name, out var role))
        {
            role = new CrmRoleDefinition();
            Roles[name] = role;
        }

        return role;
    }

    private static Dictionary<string, CrmRoleDefinition> CreateBuiltInRoles()
    {
        var roles = new Dictionary<string, CrmRoleDefinition>(StringComparer.Ordinal);
        CrmBuiltInRoles.AddTo(roles);
        return roles;
    }
}
