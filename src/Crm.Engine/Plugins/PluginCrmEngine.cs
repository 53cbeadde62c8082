using Crm.Engine.Security;

namespace Crm.Engine.Plugins;

/// <summary>
/// The engine as a plugin sees it: every context it hands out is marked as coming from the plugin and may do at most
/// what the plugin's <c>crm:</c> capabilities declare, intersected with what the caller itself may do.
/// </summary>
internal sealed class PluginCrmEngine : ICrmEngine
{
    private readonly ICrmEngine _engine;
    private readonly string _pluginId;
    private readonly HashSet<string> _grants;

    private PluginCrmEngine(ICrmEngine engine, string pluginId, HashSet<string> grants)
    {
        _engine = engine;
        _pluginId = pluginId;
        _grants = grants;
    }

    /// <summary>Gets the grants the plugin declared, without the <c>crm:</c> prefix.</summary>
    public IReadOnlySet<string> Grants => _grants;

    /// <summary>Creates the plugin's view of the engine, or returns <see langword="null"/> when the plugin asks for no CRM permission.</summary>
    /// <exception cref="CrmPluginLoadException">A <c>crm:</c> capability is not a valid grant.</exception>
    public static PluginCrmEngine? ForPlugin(PluginManifest manifest, ICrmEngine? engine)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var grants = new HashSet<string>(StringComparer.Ordinal);
        foreach (var capability in manifest.Capabilities)
        {
            if (!capability.StartsWith(PluginCapabilities.CrmPermissionPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var grant = capability[PluginCapabilities.CrmPermissionPrefix.Length..];
            if (!PermissionGrant.TryParse(grant, out _))
            {
                throw new CrmPluginLoadException(manifest.Id, manifest.Source, $"capability '{capability}' is not 'crm:resource.action' (wildcards allowed), such as 'crm:customers.read'.");
            }

            grants.Add(grant);
        }

        return grants.Count == 0 || engine is null ? null : new PluginCrmEngine(engine is PluginCrmEngine inner ? inner._engine : engine, manifest.Id, grants);
    }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => _engine.InitializeAsync(cancellationToken);

    public ICrmContext ForCaller(CrmCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var ceiling = caller.PermissionCeiling is null
            ? _grants
            : Intersect(caller.PermissionCeiling, _grants);
        return _engine.ForCaller(caller with { Origin = CrmOrigin.Plugin(_pluginId), PermissionCeiling = ceiling });
    }

    /// <summary>The plugin does not own the engine; disposing its view does nothing.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // Exact: a permission matches both sets exactly when it matches the pairwise intersection of one pattern of each.
    private static HashSet<string> Intersect(IReadOnlySet<string> ceiling, HashSet<string> grants)
    {
        var both = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in ceiling)
        {
            foreach (var b in grants)
            {
                if (PermissionGrant.TryParse(a, out var x) && PermissionGrant.TryParse(b, out var y)
                    && Narrower(x.Resource, y.Resource) is { } resource && Narrower(x.Action, y.Action) is { } action)
                {
                    both.Add(new PermissionGrant(resource, action).ToString());
                }
            }
        }

        return both;
    }

    private static string? Narrower(string a, string b) =>
        a == PermissionGrant.Wildcard ? b : b == PermissionGrant.Wildcard || string.Equals(a, b, StringComparison.Ordinal) ? a : null;
}
