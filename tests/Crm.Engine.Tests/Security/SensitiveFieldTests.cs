using System.Text;
using Crm.Engine.Conditions;
using Crm.Engine.Security;

namespace Crm.Engine.Tests.Security;

/// <summary>No read path shows birth date, income band or a sensitive attribute to a caller without customers.readSensitive.</summary>
public sealed class SensitiveFieldTests
{
    private const string Tenant = "acme";

    [Fact]
    public async Task Get_find_search_and_segment_members_mask_sensitive_fields_for_sales_but_not_for_admin()
    {
        await using var host = await SecureHost.CreateAsync();
        var stored = await host.System(Tenant).Customers.CreateAsync(SecureHost.SensitiveCustomer("Ada"));
        await host.System(Tenant).Segments.SaveAsync(new SegmentDefinition("leeds", """{ "field": "city", "op": "eq", "value": "Leeds" }"""));
        var sales = host.As(Tenant, "sam", CrmBuiltInRoles.Sales, CrmBuiltInRoles.Marketing);

        AssertMasked(await sales.Customers.GetAsync(stored.Id));
        AssertMasked(await sales.Customers.FindByEmailAsync(stored.PrimaryEmail!));
        AssertMasked(Assert.Single((await sales.Customers.SearchAsync((Condition?)null)).Items));
        AssertMasked(Assert.Single((await sales.Segments.GetMembersAsync("leeds")).Items));
        AssertMasked(Assert.Single((await sales.Segments.GetMembersAsync(Condition.Compare("city", ComparisonOperator.Eq, new StringValue("Leeds")))).Items));
        AssertMasked(Assert.Single((await sales.Segments.EvaluateAsync("leeds")).Members.Items));
        AssertMasked(Assert.Single((await sales.Segments.EvaluateAsync(Condition.Compare("city", ComparisonOperator.Eq, new StringValue("Leeds")))).Members.Items));

        var admin = await host.As(Tenant, "root", CrmBuiltInRoles.Admin).Customers.GetAsync(stored.Id);
        Assert.Equal(SecureHost.BirthDate, admin!.Demographics.BirthDate);
        Assert.Equal("band-" + SecureHost.Marker, admin.Demographics.IncomeBand);
        Assert.True(admin.Attributes.ContainsKey(SecureHost.SalaryAttribute));
    }

    [Fact]
    public async Task Csv_export_leaves_sensitive_cells_empty_for_a_caller_without_the_permission()
    {
        await using var host = await SecureHost.CreateAsync();
        await host.System(Tenant).Customers.CreateAsync(SecureHost.SensitiveCustomer("Ada"));

        var masked = new StringBuilder();
        var count = await host.As(Tenant, "rita", CrmBuiltInRoles.ReadOnly).Csv.ExportCustomersAsync(new StringWriter(masked));
        var full = new StringBuilder();
        await host.As(Tenant, "anna", CrmBuiltInRoles.Analyst).Csv.ExportCustomersAsync(new StringWriter(full));

        Assert.Equal(1, count);
        Assert.Contains("Ada", masked.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(SecureHost.Marker, masked.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("1971-03-04", masked.ToString(), StringComparison.Ordinal);
        Assert.Contains("band-" + SecureHost.Marker, full.ToString(), StringComparison.Ordinal); // the analyst role holds readSensitive
    }

    [Fact]
    public async Task Merge_result_and_merge_history_hide_the_sensitive_values_and_the_merged_snapshot()
    {
        await using var host = await SecureHost.CreateAsync();
        var system = host.System(Tenant);
        var survivor = await system.Customers.CreateAsync(SecureHost.SensitiveCustomer("Ada"));
        var merged = await system.Customers.CreateAsync(SecureHost.SensitiveCustomer("Ada2"));
        var sales = host.As(Tenant, "sam", CrmBuiltInRoles.Sales);

        var result = await sales.Duplicates.MergeAsync(survivor.Id, merged.Id);
        var history = Assert.Single(await sales.Duplicates.GetMergeHistoryAsync(survivor.Id));

        AssertMasked(result.Survivor);
        Assert.Null(result.Record.MergedSnapshotJson);
        Assert.Null(history.MergedSnapshotJson);
        var adminHistory = Assert.Single(await host.As(Tenant, "root", CrmBuiltInRoles.Admin).Duplicates.GetMergeHistoryAsync(survivor.Id));
        Assert.Contains(SecureHost.Marker, adminHistory.MergedSnapshotJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filtering_or_saving_a_segment_on_a_sensitive_field_is_denied_without_the_permission()
    {
        await using var host = await SecureHost.CreateAsync();
        await host.System(Tenant).Customers.CreateAsync(SecureHost.SensitiveCustomer("Ada"));
        var marketing = host.As(Tenant, "mia", CrmBuiltInRoles.Marketing);
        var byIncome = Condition.Compare("incomeBand", ComparisonOperator.Eq, new StringValue("band-" + SecureHost.Marker));
        var bySalary = Condition.Not(Condition.Compare("attributes." + SecureHost.SalaryAttribute, ComparisonOperator.Eq, new StringValue("x")));

        var search = await Assert.ThrowsAsync<CrmAccessDeniedException>(() => marketing.Customers.CountAsync(byIncome));
        var count = await Assert.ThrowsAsync<CrmAccessDeniedException>(() => marketing.Segments.CountAsync(bySalary));
        var save = await Assert.ThrowsAsync<CrmAccessDeniedException>(() => marketing.Segments.SaveAsync(new SegmentDefinition("rich", """{ "field": "birthDate", "op": "lt", "value": "1980-01-01" }""")));
        var export = await Assert.ThrowsAsync<CrmAccessDeniedException>(() => marketing.Csv.ExportCustomersAsync(TextWriter.Null, byIncome));

        Assert.All(new[] { search, count, save, export }, e => Assert.Equal(CrmPermissions.CustomersReadSensitive, e.Permission));
        Assert.Contains("incomeBand", search.Message, StringComparison.Ordinal);
        Assert.Equal(1, await host.As(Tenant, "anna", CrmBuiltInRoles.Analyst).Customers.CountAsync(byIncome));
    }

    [Fact]
    public async Task A_privacy_export_needs_read_sensitive_because_it_must_be_complete()
    {
        await using var host = await SecureHost.CreateAsync();
        var ada = await host.System(Tenant).Customers.CreateAsync(SecureHost.SensitiveCustomer("Ada"));

        var denied = await Assert.ThrowsAsync<CrmAccessDeniedException>(() => host.As(Tenant, "sam", CrmBuiltInRoles.Sales).Privacy.ExportAsync(ada.Id, Stream.Null));
        using var output = new MemoryStream();
        await host.As(Tenant, "root", CrmBuiltInRoles.Admin).Privacy.ExportAsync(ada.Id, output);

        Assert.Equal(CrmPermissions.CustomersReadSensitive, denied.Permission);
        Assert.Contains(SecureHost.Marker, Encoding.UTF8.GetString(output.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_by_a_caller_who_saw_masked_values_keeps_the_stored_sensitive_values()
    {
        await using var host = await SecureHost.CreateAsync();
        var ada = await host.System(Tenant).Customers.CreateAsync(SecureHost.SensitiveCustomer("Ada"));
        var sales = host.As(Tenant, "sam", CrmBuiltInRoles.Sales);

        var seen = (await sales.Customers.GetAsync(ada.Id))!;
        var returned = await sales.Customers.UpdateAsync(seen with { FirstName = "Augusta" });
        var after = (await host.System(Tenant).Customers.GetAsync(ada.Id))!;

        AssertMasked(returned);
        Assert.Equal("Augusta", after.FirstName);
        Assert.Equal(SecureHost.BirthDate, after.Demographics.BirthDate);
        Assert.Equal("band-" + SecureHost.Marker, after.Demographics.IncomeBand);
        Assert.Equal("salary-" + SecureHost.Marker, after.Attributes[SecureHost.SalaryAttribute].ToString());
        Assert.Equal("Leeds", after.Demographics.City);
    }

    [Fact]
    public async Task Create_returns_the_record_masked_to_a_caller_who_may_write_but_not_read_sensitive_fields()
    {
        await using var host = await SecureHost.CreateAsync();
        var sales = host.As(Tenant, "sam", CrmBuiltInRoles.Sales);

        var created = await sales.Customers.CreateAsync(SecureHost.SensitiveCustomer("Ada"));
        var stored = (await host.System(Tenant).Customers.GetAsync(created.Id))!;

        AssertMasked(created);
        Assert.Equal("band-" + SecureHost.Marker, stored.Demographics.IncomeBand); // written, just not shown back
    }

    internal static void AssertMasked(Customer? customer)
    {
        Assert.NotNull(customer);
        Assert.Null(customer.Demographics.BirthDate);
        Assert.Null(customer.Demographics.IncomeBand);
        Assert.False(customer.Attributes.ContainsKey(SecureHost.SalaryAttribute));
        Assert.True(customer.Attributes.ContainsKey("shoe")); // non-sensitive attributes stay
        Assert.Equal("Leeds", customer.Demographics.City);
    }
}
