using Crm.Engine.Security;
using Crm.Engine.Support;

namespace Crm.Engine.Tests.Security;

/// <summary>The customer 360 view masks sensitive fields and applies the customer record rule like a plain get.</summary>
public sealed class Customer360SecurityTests
{
    private const string Tenant = "acme";

    [Fact]
    public async Task The_360_profile_is_masked_without_readSensitive_and_refused_outside_an_owner_rule()
    {
        await using var host = await SecureHost.CreateAsync(o => o.Role("rep").Grant("customers.read", "interactions.read", "purchases.read", "cases.read").OwnRecordsOnly("customers"));
        var system = host.System(Tenant);
        var mine = await system.Customers.CreateAsync(SecureHost.SensitiveCustomer("Mine", owner: "rob"));
        var theirs = await system.Customers.CreateAsync(SecureHost.SensitiveCustomer("Theirs", owner: "ruth"));
        var support = host.As(Tenant, "sue", CrmBuiltInRoles.Support);
        var analyst = host.As(Tenant, "ann", CrmBuiltInRoles.Analyst);
        var rob = host.As(Tenant, "rob", "rep");

        var masked = (await support.Customer360.GetAsync(new Customer360Request { CustomerId = mine.Id }))!.Profile;
        var full = (await analyst.Customer360.GetAsync(new Customer360Request { CustomerId = mine.Id }))!.Profile;

        Assert.Null(masked.Demographics.BirthDate);
        Assert.Null(masked.Demographics.IncomeBand);
        Assert.False(masked.Attributes.ContainsKey(SecureHost.SalaryAttribute));
        Assert.DoesNotContain(SecureHost.Marker, System.Text.Json.JsonSerializer.Serialize(masked), StringComparison.Ordinal);
        Assert.Equal(SecureHost.BirthDate, full.Demographics.BirthDate); // the control: a role with readSensitive sees it
        Assert.NotNull(await rob.Customer360.GetAsync(new Customer360Request { CustomerId = mine.Id }));
        var denied = await Assert.ThrowsAsync<CrmAccessDeniedException>(() => rob.Customer360.GetAsync(new Customer360Request { CustomerId = theirs.Id }));
        Assert.Contains("owned by 'ruth'", denied.Reason, StringComparison.Ordinal);
    }
}
