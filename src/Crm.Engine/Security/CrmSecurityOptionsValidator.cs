using Microsoft.Extensions.Options;

namespace Crm.Engine.Security;

/// <summary>Rejects grants and rules that name permissions, resources or roles nobody defined, naming the role and the culprit.</summary>
internal sealed class CrmSecurityOptionsValidator : IValidateOptions<CrmSecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, CrmSecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var known = KnownPermissions.For(options);
        var resources = known.Select(p => p.Resource).ToHashSet(StringComparer.Ordinal);
        var actions = known.Select(p => p.Action).ToHashSet(StringComparer.Ordinal);
        var knownNames = known.Select(p => p.ToString()).ToList();
        var failures = new List<string>();
        foreach (var (roleName, role) in options.Roles.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            foreach (var text in role.Grants.Order(StringComparer.Ordinal))
            {
                if (!PermissionGrant.TryParse(text, out var grant))
                {
                    failures.Add($"CrmSecurityOptions.Roles['{roleName}'] grants '{text}', which is not 'resource.action', 'resource.*', '*.action' or '*'.");
                }
                else if (!IsKnown(grant, known, resources, actions))
                {
                    var suggestion = Suggestions.Closest(text, knownNames);
                    failures.Add($"CrmSecurityOptions.Roles['{roleName}'] grants unknown permission '{text}'"
                        + (suggestion is null ? "" : $"; did you mean '{suggestion}'?")
                        + " Register a plugin's own permissions in CrmSecurityOptions.AdditionalPermissions.");
                }
            }

            foreach (var resource in role.RecordScopes.Keys.Order(StringComparer.Ordinal))
            {
                if (!resources.Contains(resource))
                {
                    failures.Add($"CrmSecurityOptions.Roles['{roleName}'] has a record rule for unknown resource '{resource}'"
                        + (Suggestions.Closest(resource, resources) is { } s ? $"; did you mean '{s}'?" : "."));
                }
            }
        }

        foreach (var role in options.DefaultRoles.Order(StringComparer.Ordinal))
        {
            if (!options.Roles.ContainsKey(role))
            {
                failures.Add($"CrmSecurityOptions.DefaultRoles names role '{role}', which CrmSecurityOptions.Roles does not define.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsKnown(PermissionGrant grant, HashSet<CrmPermission> known, HashSet<string> resources, HashSet<string> actions) =>
        (grant.Resource, grant.Action) switch
        {
            (PermissionGrant.Wildcard, PermissionGrant.Wildcard) => true,
            (PermissionGrant.Wildcard, var action) => actions.Contains(action),
            (var resource, PermissionGrant.Wildcard) => resources.Contains(resource),
            var (resource, action) => known.Contains(new CrmPermission(resource, action)),
        };
}
