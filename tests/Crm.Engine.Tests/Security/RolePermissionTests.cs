using Crm.Engine.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Tests.Security;

/// <summary>What each built-in role may and may not do, wildcards, record rules, ceilings and configuration errors.</summary>
public sealed class RolePermissionTests
{
    private const string Tenant = "acme";

    /// <summary>Role, permission, whether the role holds it (on a record without an owner rule).</summary>
    public static TheoryData<string, string, bool> RoleMatrix => new()
    {
        { CrmBuiltInRoles.Admin, "customers.readSensitive", true },
        { CrmBuiltInRoles.Admin, "audit.read", true },
        { CrmBuiltInRoles.Admin, "tenant.administer", true },
        { CrmBuiltInRoles.Sales, "customers.write", true },
        { CrmBuiltInRoles.Sales, "deals.write", true },
        { CrmBuiltInRoles.Sales, "customers.readSensitive", false },
        { CrmBuiltInRoles.Sales, "customers.delete", false },
        { CrmBuiltInRoles.Sales, "cases.write", false },
        { CrmBuiltInRoles.Sales, "audit.read", false },
        { CrmBuiltInRoles.Support, "cases.write", true },
        { CrmBuiltInRoles.Support, "knowledge.write", true },
        { CrmBuiltInRoles.Support, "deals.write", false },
        { CrmBuiltInRoles.Support, "segments.write", false },
        { CrmBuiltInRoles.Marketing, "segments.write", true },
        { CrmBuiltInRoles.Marketing, "campaigns.write", true },
        { CrmBuiltInRoles.Marketing, "templates.write", true },
        { CrmBuiltInRoles.Marketing, "customers.write", false },
        { CrmBuiltInRoles.Analyst, "reports.read", true },
        { CrmBuiltInRoles.Analyst, "customers.readSensitive", true },
        { CrmBuiltInRoles.Analyst, "customers.write", false },
        { CrmBuiltInRoles.Analyst, "audit.read", false },
        { CrmBuiltInRoles.ReadOnly, "deals.read", true },
        { CrmBuiltInRoles.ReadOnly, "customers.readSensitive", false },
        { CrmBuiltInRoles.ReadOnly, "messages.send", false },
        { CrmBuiltInRoles.Auditor, "audit.read", true },
        { CrmBuiltInRoles.Auditor, "customers.write", false },
    };

    [Theory]
    [MemberData(nameof(RoleMatrix))]
    public async Task Each_built_in_role_holds_exactly_its_documented_permissions(string role, string permission, bool held)
    {
        await using var host = await SecureHost.CreateAsync();
        var access = host.Host.Engine.Provider.GetRequiredService<CrmAccessControl>();
        var caller = new CrmCaller(Tenant, "u") { Roles = new HashSet<string> { role } };
        var dot = permission.IndexOf('.', StringComparison.Ordinal);

        Assert.Equal(held, access.Holds(caller, new CrmPermission(permission[..dot], permission[(dot + 1)..])));
    }

    [Fact]
    public async Task Service_calls_are_denied_with_the_permission_named_and_allowed_ones_go_through()
    {
        await using var host = await SecureHost.CreateAsync();
        var readOnly = host.As(Tenant, "rita", CrmBuiltInRoles.ReadOnly);
        var marketing = host.As(Tenant, "mia", CrmBuiltInRoles.Marketing);
        var nobody = host.As(Tenant, "nobody");

        var write = await Assert.ThrowsAsync<CrmAccessDeniedException>(() => readOnly.Customers.CreateAsync(SecureHost.SensitiveCustomer("Ada")));
        var read = await Assert.ThrowsAsync<CrmAccessDeniedException>(() => nobody.Customers.GetAsync(Guid.NewGuid()));
        var sendTemplate = await Assert.ThrowsAsync<CrmAccessDeniedException>(() => Task.Run(() => readOnly.Templates.Register(Messaging.MessagingHost.Welcome)));
        await marketing.Segments.SaveAsync(new SegmentDefinition("all", """{ "field": "city", "op": "eq", "value": "Leeds" }"""));

        Assert.Equal(CrmPermissions.CustomersWrite, write.Permission);
        Assert.Contains("'customers.write'", write.Message, StringComparison.Ordinal);
        Assert.Contains("readonly", write.Reason, StringComparison.Ordinal);
        Assert.Equal(CrmPermissions.CustomersRead, read.Permission);
        Assert.Equal("the caller has no roles", read.Reason);
        Assert.Equal(CrmPermissions.TemplatesWrite, sendTemplate.Permission);
        Assert.NotNull(await marketing.Segments.GetAsync("all"));
        Assert.Equal(0, await readOnly.Customers.CountAsync(null));
    }

    [Fact]
    public async Task Wildcard_grants_cover_a_resource_or_an_action_and_nothing_more()
    {
        await using var host = await SecureHost.CreateAsync(o =>
        {
            o.Role("dealmaker").Grant("deals.*");
            o.Role("reader").Grant("*.read");
        });
        var access = host.Host.Engine.Provider.GetRequiredService<CrmAccessControl>();
        var dealmaker = new CrmCaller(Tenant, "d") { Roles = new HashSet<string> { "dealmaker" } };
        var reader = new CrmCaller(Tenant, "r") { Roles = new HashSet<string> { "reader" } };

        Assert.True(access.Holds(dealmaker, CrmPermissions.DealsWrite));
        Assert.True(access.Holds(dealmaker, CrmPermissions.DealsRead));
        Assert.False(access.Holds(dealmaker, CrmPermissions.LeadsRead));
        Assert.True(access.Holds(reader, CrmPermissions.CustomersRead));
        Assert.True(access.Holds(reader, CrmPermissions.AuditRead));
        Assert.False(access.Holds(reader, CrmPermissions.CustomersReadSensitive)); // "readSensitive" is its own action
        Assert.False(access.Holds(reader, CrmPermissions.CustomersWrite));
    }

    [Fact]
    public async Task Record_rules_limit_a_role_to_its_own_or_its_teams_records()
    {
        await using var host = await SecureHost.CreateAsync(o => o.Role("rep").Grant("customers.read", "customers.write").OwnRecordsOnly("customers"));
        var access = host.Host.Engine.Provider.GetRequiredService<CrmAccessControl>();
        var sam = new CrmCaller(Tenant, "sam") { Roles = new HashSet<string> { CrmBuiltInRoles.Sales }, Teams = new HashSet<string> { "north" } };
        var northDeal = new RecordOwnership("Deal", "d1", "nora", "north");
        var southDeal = new RecordOwnership("Deal", "d2", "stan", "south");
        var samsDeal = new RecordOwnership("Deal", "d3", "sam", "south");
        var system = host.System(Tenant);
        var mine = await system.Customers.CreateAsync(SecureHost.SensitiveCustomer("Mine", owner: "rob"));
        var theirs = await system.Customers.CreateAsync(SecureHost.SensitiveCustomer("Theirs", owner: "ruth"));
        var rob = host.As(Tenant, "rob", "rep");

        access.Demand(sam, CrmPermissions.DealsWrite, northDeal);
        access.Demand(sam, CrmPermissions.DealsWrite, samsDeal);
        var denied = Assert.Throws<CrmAccessDeniedException>(() => access.Demand(sam, CrmPermissions.DealsWrite, southDeal));
        Assert.Contains("team 'south'", denied.Reason, StringComparison.Ordinal);
        Assert.Equal("d2", denied.Record!.RecordKey);

        Assert.NotNull(await rob.Customers.GetAsync(mine.Id));
        var notOwner = await Assert.ThrowsAsync<CrmAccessDeniedException>(() => rob.Customers.GetAsync(theirs.Id));
        Assert.Contains("owned by 'ruth'", notOwner.Reason, StringComparison.Ordinal);
        await Assert.ThrowsAsync<CrmAccessDeniedException>(() => rob.Customers.UpdateAsync(theirs with { FirstName = "X" }));
        Assert.Equal("Theirs", (await system.Customers.GetAsync(theirs.Id))!.FirstName);
    }

    [Fact]
    public async Task Only_the_system_factory_makes_a_trusted_caller_and_a_ceiling_binds_even_the_system()
    {
        await using var host = await SecureHost.CreateAsync();
        var impostor = host.Engine.ForCaller(new CrmCaller(Tenant, CrmCaller.SystemUserId));
        var capped = host.Engine.ForCaller(CrmCaller.System(Tenant) with { PermissionCeiling = new HashSet<string> { "customers.read" } });

        await host.System(Tenant).Customers.CreateAsync(SecureHost.SensitiveCustomer("Ada"));
        await Assert.ThrowsAsync<CrmAccessDeniedException>(() => impostor.Customers.CountAsync(null));
        Assert.Equal(1, await capped.Customers.CountAsync(null));
        var ceiling = await Assert.ThrowsAsync<CrmAccessDeniedException>(() => capped.Customers.CreateAsync(SecureHost.SensitiveCustomer("Eve")));
        Assert.Contains("ceiling", ceiling.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_roles_apply_to_callers_that_carry_none()
    {
        await using var host = await SecureHost.CreateAsync(o => o.DefaultRoles.Add(CrmBuiltInRoles.ReadOnly));
        var anonymous = host.As(Tenant, "guest");

        Assert.Equal(0, await anonymous.Customers.CountAsync(null));
        await Assert.ThrowsAsync<CrmAccessDeniedException>(() => anonymous.Customers.CreateAsync(SecureHost.SensitiveCustomer("Ada")));
    }

    [Fact]
    public async Task Without_ConfigureSecurity_every_caller_may_do_everything_within_its_tenant()
    {
        await using var engine = await TestEngine.CreateAsync();
        var plain = engine.Engine.ForCaller(new CrmCaller(Tenant, "legacy-user"));

        var created = await plain.Customers.CreateAsync(SecureHost.SensitiveCustomer("Ada"));

        Assert.Equal(SecureHost.BirthDate, (await plain.Customers.GetAsync(created.Id))!.Demographics.BirthDate);
        Assert.Null(await engine.Engine.ForCaller(new CrmCaller("other", "legacy-user")).Customers.GetAsync(created.Id));
    }

    [Fact]
    public async Task Unknown_permissions_in_grants_fail_the_start_naming_the_role_and_the_permission()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SecureHost.CreateAsync(o =>
        {
            o.Role(CrmBuiltInRoles.Sales).Grant("dealz.read");
            o.Role("clerk").Grant("customers").OwnRecordsOnly("customerz");
            o.DefaultRoles.Add("ghost");
        }));

        Assert.Contains("Roles['sales'] grants unknown permission 'dealz.read'; did you mean 'deals.read'?", error.Message, StringComparison.Ordinal);
        Assert.Contains("Roles['clerk'] grants 'customers', which is not 'resource.action'", error.Message, StringComparison.Ordinal);
        Assert.Contains("record rule for unknown resource 'customerz'; did you mean 'customers'?", error.Message, StringComparison.Ordinal);
        Assert.Contains("DefaultRoles names role 'ghost'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_permission_registered_by_the_host_may_be_granted()
    {
        var kpis = new CrmPermission("kpis", "export");
        await using var host = await SecureHost.CreateAsync(o =>
        {
            o.AdditionalPermissions.Add(kpis);
            o.Role("exporter").Grant("kpis.export");
        });
        var access = host.Host.Engine.Provider.GetRequiredService<CrmAccessControl>();

        Assert.True(access.Holds(new CrmCaller(Tenant, "e") { Roles = new HashSet<string> { "exporter" } }, kpis));
    }
}
