using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

public abstract partial class StorageProviderConformanceTests<TFixture>
{
    /// <summary>
    /// Checks that tenant B sees nothing of tenant A through get, query, count, timeline, purchase history and the finders.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Tenants_ReadsOfAnotherTenant_SeeNothing()
    {
        var tenantA = NewTenantId();
        var tenantB = NewTenantId();
        var customer = ConformanceData.FullCustomer(tenantA);
        var interaction = ConformanceData.Interaction(tenantA, customer.Id, customer.CreatedAt);
        var purchase = ConformanceData.Purchase(tenantA, customer.Id, customer.CreatedAt);
        var a = await OpenAsync(tenantA).ConfigureAwait(false);
        await using (a.ConfigureAwait(false))
        {
            await a.Customers.InsertAsync(customer, None).ConfigureAwait(false);
            await a.Interactions.InsertAsync(interaction, None).ConfigureAwait(false);
            await a.Purchases.InsertAsync(purchase, None).ConfigureAwait(false);
        }

        var everything = new StorageQuery { AsOf = ConditionDataSet.AsOf };
        var b = await OpenAsync(tenantB).ConfigureAwait(false);
        await using (b.ConfigureAwait(false))
        {
            Assert.Equal(tenantB, b.TenantId);
            Assert.Null(await b.Customers.GetAsync(customer.Id, None).ConfigureAwait(false));
            Assert.Null(await b.Interactions.GetAsync(interaction.Id, None).ConfigureAwait(false));
            Assert.Null(await b.Purchases.GetAsync(purchase.Id, None).ConfigureAwait(false));
            Assert.Empty((await b.Customers.QueryAsync(everything, None).ConfigureAwait(false)).Items);
            Assert.Empty((await b.Interactions.QueryAsync(everything, None).ConfigureAwait(false)).Items);
            Assert.Empty((await b.Purchases.QueryAsync(everything, None).ConfigureAwait(false)).Items);
            Assert.Equal(0, await b.Customers.CountAsync(everything, None).ConfigureAwait(false));
            Assert.Equal(0, await b.Interactions.CountAsync(everything, None).ConfigureAwait(false));
            Assert.Equal(0, await b.Purchases.CountAsync(everything, None).ConfigureAwait(false));
            Assert.Empty((await b.Interactions.GetTimelineAsync(customer.Id, PageRequest.First, None).ConfigureAwait(false)).Items);
            Assert.Empty((await b.Purchases.ListByCustomerAsync(customer.Id, PageRequest.First, None).ConfigureAwait(false)).Items);
            Assert.Null(await b.Customers.FindByEmailAsync(customer.Emails[0], None).ConfigureAwait(false));
            Assert.Null(await b.Customers.FindByExternalIdAsync(customer.ExternalId!, None).ConfigureAwait(false));

            // Relations and aggregates must not count another tenant's records either.
            var withHistory = everything with { Filter = Condition.Any(Condition.Some("interactions"), Condition.Some("purchases"), Condition.Some("purchaseLines")) };
            var b2 = await b.Customers.InsertAsync(customer with { TenantId = tenantB }, None).ConfigureAwait(false);
            Assert.Equal(0, await b.Customers.CountAsync(withHistory, None).ConfigureAwait(false));
            var spent = everything with { Filter = Condition.Compare("totalSpent", ComparisonOperator.Gt, new NumberValue(0)) };
            Assert.Equal(0, await b.Customers.CountAsync(spent, None).ConfigureAwait(false));
            Assert.Equal(b2.Id, customer.Id);
        }
    }

    /// <summary>Checks that tenant B can neither update nor delete tenant A's record, even knowing its id and version.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Tenants_WritesToAnotherTenantsRecord_ChangeNothing()
    {
        var tenantA = NewTenantId();
        var tenantB = NewTenantId();
        var customer = await InsertCustomerAsync(tenantA).ConfigureAwait(false);
        var b = await OpenAsync(tenantB).ConfigureAwait(false);
        await using (b.ConfigureAwait(false))
        {
            await Assert.ThrowsAsync<CrmConcurrencyException>(
                () => b.Customers.UpdateAsync(customer with { TenantId = tenantB, FirstName = "Hijacked" }, None)).ConfigureAwait(false);
            await Assert.ThrowsAsync<CrmNotFoundException>(() => b.Customers.DeleteAsync(customer.Id, 1, None)).ConfigureAwait(false);
        }

        var a = await OpenAsync(tenantA).ConfigureAwait(false);
        await using (a.ConfigureAwait(false))
        {
            var stored = await a.Customers.GetAsync(customer.Id, None).ConfigureAwait(false);
            Assert.Equal(customer.FirstName, stored?.FirstName);
            Assert.Equal(1, stored?.Version);
        }
    }

    /// <summary>Checks that every write of a record naming another tenant fails with <see cref="CrmTenantMismatchException"/> and stores nothing.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Tenants_RecordOfAnotherTenant_ThrowsTenantMismatch()
    {
        var tenant = NewTenantId();
        var other = NewTenantId();
        var customer = ConformanceData.FullCustomer(other);
        var interaction = ConformanceData.Interaction(other, customer.Id, customer.CreatedAt);
        var purchase = ConformanceData.Purchase(other, customer.Id, customer.CreatedAt);
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var error = await Assert.ThrowsAsync<CrmTenantMismatchException>(() => session.Customers.InsertAsync(customer, None)).ConfigureAwait(false);
            Assert.Equal(tenant, error.SessionTenantId);
            Assert.Equal(other, error.RecordTenantId);
            await Assert.ThrowsAsync<CrmTenantMismatchException>(() => session.Customers.UpdateAsync(customer with { Version = 1 }, None)).ConfigureAwait(false);
            await Assert.ThrowsAsync<CrmTenantMismatchException>(
                () => session.Customers.BulkInsertAsync([ConformanceData.Customer(tenant, 1, customer.CreatedAt), customer], None)).ConfigureAwait(false);
            await Assert.ThrowsAsync<CrmTenantMismatchException>(() => session.Interactions.InsertAsync(interaction, None)).ConfigureAwait(false);
            await Assert.ThrowsAsync<CrmTenantMismatchException>(() => session.Interactions.UpdateAsync(interaction with { Version = 1 }, None)).ConfigureAwait(false);
            await Assert.ThrowsAsync<CrmTenantMismatchException>(() => session.Interactions.BulkInsertAsync([interaction], None)).ConfigureAwait(false);
            await Assert.ThrowsAsync<CrmTenantMismatchException>(() => session.Purchases.InsertAsync(purchase, None)).ConfigureAwait(false);
            await Assert.ThrowsAsync<CrmTenantMismatchException>(() => session.Purchases.UpdateAsync(purchase with { Version = 1 }, None)).ConfigureAwait(false);
            await Assert.ThrowsAsync<CrmTenantMismatchException>(() => session.Purchases.BulkInsertAsync([purchase], None)).ConfigureAwait(false);

            var all = new StorageQuery();
            Assert.Equal(0, await session.Customers.CountAsync(all, None).ConfigureAwait(false));
            Assert.Equal(0, await session.Interactions.CountAsync(all, None).ConfigureAwait(false));
            Assert.Equal(0, await session.Purchases.CountAsync(all, None).ConfigureAwait(false));
        }

        var otherSession = await OpenAsync(other).ConfigureAwait(false);
        await using (otherSession.ConfigureAwait(false))
        {
            Assert.Equal(0, await otherSession.Customers.CountAsync(new StorageQuery(), None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks that a session cannot be opened without a tenant.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task OpenSession_EmptyTenant_Throws()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Provider.OpenSessionAsync("", None).ConfigureAwait(false)).ConfigureAwait(false);
    }
}
