using System.Reflection;

namespace Crm.Engine.Security;

/// <summary>
/// The permissions grants may name: every <c>static readonly CrmPermission</c> field of the engine's assemblies (so a
/// service that defines its own permission next to its code is known without a registry) plus the host's additions.
/// </summary>
internal static class KnownPermissions
{
    private static readonly Lazy<IReadOnlySet<CrmPermission>> EngineDefined = new(Discover);

    public static HashSet<CrmPermission> For(CrmSecurityOptions options)
    {
        var known = new HashSet<CrmPermission>(EngineDefined.Value);
        known.UnionWith(options.AdditionalPermissions);
        return known;
    }

    private static HashSet<CrmPermission> Discover()
    {
        var found = new HashSet<CrmPermission>();
        foreach (var assembly in new[] { typeof(CrmPermissions).Assembly, typeof(KnownPermissions).Assembly })
        {
            foreach (var type in assembly.GetTypes())
            {
                foreach (var field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (field.FieldType == typeof(CrmPermission) && field.IsInitOnly && !type.ContainsGenericParameters)
                    {
                        found.Add((CrmPermission)field.GetValue(null)!);
                    }
                }
            }
        }

        return found;
    }
}
