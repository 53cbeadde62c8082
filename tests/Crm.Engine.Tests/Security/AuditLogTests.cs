using Crm.Engine.Security;
using Crm.Engine.Storage;

namespace Crm.Engine.Tests.Security;

/// <summary>Every write lands in the audit log with who, when, origin and the changed fields; readers see what they may.</summary>
public sealed class AuditLogTests
{
    private const string Tenant = "acme";

    [Fact]
    public async Task An_update_is_audited_with_actor_origin_and_only_the_changed_fields()
    {
        await using var host = await SecureHost.CreateAsync();
        var sam = host.Engine.ForCaller(new CrmCaller(Tenant, "sam") { Roles = new HashSet<string> { CrmBuiltInRoles.Sales }, Origin = CrmOrigin.Api });
        var ada = await sam.Customers.CreateAsync(SecureHost.SensitiveCustomer("Ada"));
        host.Host.Time.Advance(TimeSpan.FromMinutes(5));

        await sam.Customers.UpdateAsync((await sam.Customers.GetAsync(ada.Id))! with { FirstName = "Augusta" });
        var log = await host.As(Tenant, "root", CrmBuiltInRoles.Admin).Audit.ForRecordAsync("Customer", ada.Id.ToString());

        Assert.Equal(["CustomerUpdated", "CustomerCreated"], log.Items.Select(r => r.Action));
        var update = log.Items[0];
        Assert.Equal("sam", update.Actor);
        Assert.Equal("api", update.Origin);
        Assert.Equal(TestEngine.Start.AddMinutes(5), update.OccurredAt);
        var firstName = Assert.Single(update.Changes, c => c.Field == "firstName");
        Assert.Equal(("Ada", "Augusta"), (firstName.Before, firstName.After));
        Assert.DoesNotContain(update.Changes, c => c.Field.StartsWith("demographics.", StringComparison.Ordinal)); // masked read, kept on write: unchanged
        Assert.Equal(["displayName", "firstName"], update.Changes.Select(c => c.Field)); // the computed display name follows the first name
    }

    [Fact]
    public async Task Sensitive_values_in_the_log_are_masked_for_an_auditor_without_read_sensitive()
    {
        await using var host = await SecureHost.CreateAsync();
        var ada = await host.System(Tenant).Customers.CreateAsync(SecureHost.SensitiveCustomer("Ada"));

        var forAuditor = Assert.Single((await host.As(Tenant, "aud", CrmBuiltInRoles.Auditor).Audit.ForRecordAsync("Customer", ada.Id.ToString())).Items);
        var forAdmin = Assert.Single((await host.As(Tenant, "root", CrmBuiltInRoles.Admin).Audit.ForRecordAsync("Customer", ada.Id.ToString())).Items);

        var masked = forAuditor.Changes.Where(c => c.Masked).Select(c => c.Field).Order(StringComparer.Ordinal);
        Assert.Equal(["attributes.salary", "demographics.birthDate", "demographics.incomeBand"], masked);
        Assert.DoesNotContain(forAuditor.Changes, c => (c.Before + c.After).Contains(SecureHost.Marker, StringComparison.Ordinal));
        Assert.Equal("band-" + SecureHost.Marker, Assert.Single(forAdmin.Changes, c => c.Field == "demographics.incomeBand").After);
        Assert.Equal("Leeds", Assert.Single(forAuditor.Changes, c => c.Field == "demographics.city").After);
    }

    [Fact]
    public async Task Inside_a_unit_of_work_the_audit_record_commits_or_rolls_back_with_the_change()
    {
        await using var host = await SecureHost.CreateAsync();
        var crm = host.System(Tenant);
        Guid kept = default, undone = default;

        await crm.TransactAsync(async ct => kept = (await crm.Customers.CreateAsync(SecureHost.SensitiveCustomer("Kept"), ct)).Id);
        await Assert.ThrowsAsync<InvalidOperationException>(() => crm.TransactAsync(async ct =>
        {
            undone = (await crm.Customers.CreateAsync(SecureHost.SensitiveCustomer("Undone"), ct)).Id;
            throw new InvalidOperationException("boom");
        }));

        Assert.Single((await crm.Audit.ForRecordAsync("Customer", kept.ToString())).Items);
        Assert.NotEqual(Guid.Empty, undone);
        Assert.Empty((await crm.Audit.ForRecordAsync("Customer", undone.ToString())).Items);
    }

    [Fact]
    public async Task Writes_of_other_services_are_audited_from_their_events_and_the_log_pages_per_actor()
    {
        await using var host = await SecureHost.CreateAsync();
        var pluginCaller = CrmCaller.System(Tenant) with { Origin = CrmOrigin.Plugin("acme.sync") };
        var viaPlugin = host.Engine.ForCaller(pluginCaller);
        var ada = await viaPlugin.Customers.CreateAsync(SecureHost.SensitiveCustomer("Ada"));
        await viaPlugin.Interactions.RecordAsync(new Interaction { CustomerId = ada.Id, Channel = "email", OccurredAt = TestEngine.Start, Subject = "hi" });
        await viaPlugin.Purchases.RecordAsync(new Purchase { CustomerId = ada.Id, Currency = "EUR", PurchasedAt = TestEngine.Start, Lines = [new("A", "Alpha", 1, 10m)] });
        await viaPlugin.Customers.DeleteAsync(ada.Id, ada.Version);
        var audit = host.As(Tenant, "root", CrmBuiltInRoles.Admin).Audit;

        var first = await audit.ForActorAsync(CrmCaller.SystemUserId, new PageRequest(3));
        var second = await audit.ForActorAsync(CrmCaller.SystemUserId, new PageRequest(3, first.ContinuationToken));

        Assert.Equal(["CustomerDeleted", "PurchaseRecorded", "InteractionRecorded"], first.Items.Select(r => r.Action));
        Assert.Equal(["CustomerCreated"], second.Items.Select(r => r.Action));
        Assert.Null(second.ContinuationToken);
        Assert.All(first.Items.Concat(second.Items), r => Assert.Equal("plugin:acme.sync", r.Origin));
        Assert.Equal(ada.Id.ToString(), first.Items[0].RecordId); // a delete event carries only the id
        Assert.Equal("Customer", first.Items[0].RecordType);
        Assert.Equal("Interaction", first.Items[2].RecordType);
    }

    [Fact]
    public async Task An_erasure_empties_the_logged_values_about_the_person_and_is_itself_logged()
    {
        await using var host = await SecureHost.CreateAsync();
        var crm = host.System(Tenant);
        var ada = await crm.Customers.CreateAsync(SecureHost.SensitiveCustomer("Ada"));
        await crm.Interactions.RecordAsync(new Interaction { CustomerId = ada.Id, Channel = "email", OccurredAt = TestEngine.Start, Subject = "secret plans" });

        await host.As(Tenant, "dpo", CrmBuiltInRoles.Admin).Privacy.EraseAsync(ada.Id, "art. 17");
        var log = await crm.Audit.ForActorAsync(CrmCaller.SystemUserId);
        var erasure = Assert.Single((await crm.Audit.ForActorAsync("dpo")).Items);

        Assert.Equal(["InteractionRecorded", "CustomerCreated"], log.Items.Select(r => r.Action));
        Assert.All(log.Items, r => Assert.Empty(r.Changes));
        Assert.Equal(("CustomerErased", ada.Id.ToString()), (erasure.Action, erasure.RecordId));
    }

    [Fact]
    public async Task Reading_the_log_needs_audit_read()
    {
        await using var host = await SecureHost.CreateAsync();

        var denied = await Assert.ThrowsAsync<CrmAccessDeniedException>(() => host.As(Tenant, "sam", CrmBuiltInRoles.Sales).Audit.ForActorAsync("sam"));

        Assert.Equal(CrmPermissions.AuditRead, denied.Permission);
    }
}
