using System.Text;
using Crm.Engine.Plugins;
using Crm.Engine.Security;

namespace Crm.Engine.Tests.Security;

/// <summary>A plugin's calls may do at most what its manifest's crm: capabilities declare, and at most what the caller may.</summary>
public sealed class PluginCapabilityTests
{
    private const string Tenant = "acme";

    [Fact]
    public async Task A_plugin_that_declared_customers_read_can_read_but_not_write_even_as_the_system()
    {
        await using var host = await SecureHost.CreateAsync();
        var plugin = PluginCrmEngine.ForPlugin(await ManifestAsync("\"crm:customers.read\", \"events.subscribe\""), host.Engine)!;
        await host.System(Tenant).Customers.CreateAsync(SecureHost.SensitiveCustomer("Ada"));

        var crm = plugin.ForTenant(Tenant);
        var denied = await Assert.ThrowsAsync<CrmAccessDeniedException>(() => crm.Customers.CreateAsync(SecureHost.SensitiveCustomer("Eve")));

        Assert.Equal(1, await crm.Customers.CountAsync(null));
        Assert.Equal(CrmPermissions.CustomersWrite, denied.Permission);
        Assert.Contains("plugin 'acme.sync' did not declare it", denied.Reason, StringComparison.Ordinal);
        Assert.Equal(new CrmOrigin("plugin", "acme.sync"), crm.Caller.Origin);
    }

    [Fact]
    public async Task The_plugins_grants_are_intersected_with_the_callers_roles_and_its_writes_are_audited_as_the_plugin()
    {
        await using var host = await SecureHost.CreateAsync();
        var plugin = PluginCrmEngine.ForPlugin(await ManifestAsync("\"crm:customers.*\""), host.Engine)!;
        var asReadOnlyUser = plugin.ForCaller(new CrmCaller(Tenant, "rita") { Roles = new HashSet<string> { CrmBuiltInRoles.ReadOnly } });
        var asSales = plugin.ForCaller(new CrmCaller(Tenant, "sam") { Roles = new HashSet<string> { CrmBuiltInRoles.Sales } });

        var byRole = await Assert.ThrowsAsync<CrmAccessDeniedException>(() => asReadOnlyUser.Customers.CreateAsync(SecureHost.SensitiveCustomer("Eve")));
        var created = await asSales.Customers.CreateAsync(SecureHost.SensitiveCustomer("Ada"));
        var byPlugin = await Assert.ThrowsAsync<CrmAccessDeniedException>(() => asSales.Interactions.RecordAsync(new Interaction { CustomerId = created.Id, Channel = "email", OccurredAt = TestEngine.Start }));
        var audit = Assert.Single((await host.System(Tenant).Audit.ForRecordAsync("Customer", created.Id.ToString())).Items);

        Assert.Contains("readonly", byRole.Reason, StringComparison.Ordinal); // the plugin allows it, the user's role does not
        Assert.Equal(CrmPermissions.InteractionsWrite, byPlugin.Permission); // the user's role allows it, the plugin did not declare it
        Assert.Equal(("sam", "plugin:acme.sync"), (audit.Actor, audit.Origin));
    }

    [Fact]
    public async Task A_host_ceiling_and_the_plugins_grants_intersect_pattern_by_pattern()
    {
        await using var host = await SecureHost.CreateAsync();
        var plugin = PluginCrmEngine.ForPlugin(await ManifestAsync("\"crm:*.read\", \"crm:customers.write\""), host.Engine)!;

        var crm = plugin.ForCaller(CrmCaller.System(Tenant) with { PermissionCeiling = new HashSet<string> { "customers.*" } });

        Assert.Equal(["customers.read", "customers.write"], crm.Caller.PermissionCeiling!.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Manifests_accept_crm_capabilities_and_reject_malformed_ones_and_plugins_without_them_get_no_engine()
    {
        await using var host = await SecureHost.CreateAsync();

        var malformed = await Assert.ThrowsAsync<CrmPluginLoadException>(() => ManifestAsync("\"crm:customers\""));

        Assert.Contains("$.capabilities[0]", malformed.ToString(), StringComparison.Ordinal);
        Assert.Null(PluginCrmEngine.ForPlugin(await ManifestAsync("\"network\""), host.Engine));
    }

    private static Task<PluginManifest> ManifestAsync(string capabilities) => PluginManifestReader.ReadAsync(Encoding.UTF8.GetBytes($$"""
        {
          "id": "acme.sync",
          "version": "1.0.0",
          "kinds": [ "eventHandler" ],
          "entry": { "assembly": "Acme.Sync.dll", "type": "Acme.Sync.SyncPlugin" },
          "engine": "*",
          "capabilities": [ {{capabilities}} ]
        }
        """), "test/plugin.json");
}
