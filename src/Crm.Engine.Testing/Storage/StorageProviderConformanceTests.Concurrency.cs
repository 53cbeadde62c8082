using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

public abstract partial class StorageProviderConformanceTests<TFixture>
{
    /// <summary>
    /// Checks optimistic concurrency: two writers read version 1, the first update wins, the second fails with
    /// <see cref="CrmConcurrencyException"/> naming the stored version, and the stored record is the first writer's.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Customers_TwoWritersOfOneVersion_FirstWinsSecondFails()
    {
        var tenant = NewTenantId();
        var customer = await InsertCustomerAsync(tenant).ConfigureAwait(false);
        var first = await OpenAsync(tenant).ConfigureAwait(false);
        var second = await OpenAsync(tenant).ConfigureAwait(false);
        await using (first.ConfigureAwait(false))
        await using (second.ConfigureAwait(false))
        {
            var readByFirst = (await first.Customers.GetAsync(customer.Id, None).ConfigureAwait(false))!;
            var readBySecond = (await second.Customers.GetAsync(customer.Id, None).ConfigureAwait(false))!;
            Assert.Equal(1, readByFirst.Version);
            Assert.Equal(1, readBySecond.Version);

            await first.Customers.UpdateAsync(readByFirst with { FirstName = "First writer", Tags = ["first"] }, None).ConfigureAwait(false);
            var error = await Assert.ThrowsAsync<CrmConcurrencyException>(
                () => second.Customers.UpdateAsync(readBySecond with { FirstName = "Second writer", Tags = ["second"] }, None)).ConfigureAwait(false);
            Assert.Equal(customer.Id, error.Id);
            Assert.Equal(1, error.ExpectedVersion);
            Assert.Equal(2, error.ActualVersion);

            var stored = (await second.Customers.GetAsync(customer.Id, None).ConfigureAwait(false))!;
            Assert.Equal("First writer", stored.FirstName);
            Assert.Equal(["first"], stored.Tags);
            Assert.Equal(2, stored.Version);
        }
    }

    /// <summary>Checks that interactions and purchases refuse an update based on an old version and keep the newer one.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task InteractionsAndPurchases_StaleUpdate_ThrowsAndKeepsStoredRecord()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var interaction = await session.Interactions.InsertAsync(ConformanceData.Interaction(tenant, Guid.NewGuid(), DateTimeOffset.UnixEpoch), None).ConfigureAwait(false);
            await session.Interactions.UpdateAsync(interaction with { Subject = "v2" }, None).ConfigureAwait(false);
            var interactionError = await Assert.ThrowsAsync<CrmConcurrencyException>(
                () => session.Interactions.UpdateAsync(interaction with { Subject = "stale" }, None)).ConfigureAwait(false);
            Assert.Equal(2, interactionError.ActualVersion);
            Assert.Equal("v2", (await session.Interactions.GetAsync(interaction.Id, None).ConfigureAwait(false))!.Subject);

            var purchase = await session.Purchases.InsertAsync(ConformanceData.Purchase(tenant, Guid.NewGuid(), DateTimeOffset.UnixEpoch), None).ConfigureAwait(false);
            await session.Purchases.UpdateAsync(purchase with { Currency = "USD" }, None).ConfigureAwait(false);
            var purchaseError = await Assert.ThrowsAsync<CrmConcurrencyException>(
                () => session.Purchases.UpdateAsync(purchase with { Currency = "GBP", Lines = [] }, None)).ConfigureAwait(false);
            Assert.Equal(2, purchaseError.ActualVersion);
            var stored = (await session.Purchases.GetAsync(purchase.Id, None).ConfigureAwait(false))!;
            Assert.Equal("USD", stored.Currency);
            Assert.Single(stored.Lines);
        }
    }

    /// <summary>Checks that updating a deleted record fails with a concurrency error whose actual version is null.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Update_DeletedRecord_ThrowsConcurrencyWithNullVersion()
    {
        var tenant = NewTenantId();
        var customer = await InsertCustomerAsync(tenant).ConfigureAwait(false);
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Customers.DeleteAsync(customer.Id, 1, None).ConfigureAwait(false);
            var error = await Assert.ThrowsAsync<CrmConcurrencyException>(
                () => session.Customers.UpdateAsync(customer with { FirstName = "Late" }, None)).ConfigureAwait(false);
            Assert.Null(error.ActualVersion);
            Assert.Null(await session.Customers.GetAsync(customer.Id, None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks that a delete with a stale version fails and deletes nothing.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Delete_StaleVersion_ThrowsAndKeepsRecord()
    {
        var tenant = NewTenantId();
        var customer = await InsertCustomerAsync(tenant).ConfigureAwait(false);
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Customers.UpdateAsync(customer with { LastName = "Changed" }, None).ConfigureAwait(false);
            var error = await Assert.ThrowsAsync<CrmConcurrencyException>(() => session.Customers.DeleteAsync(customer.Id, 1, None)).ConfigureAwait(false);
            Assert.Equal(1, error.ExpectedVersion);
            Assert.Equal(2, error.ActualVersion);
            Assert.Equal("Changed", (await session.Customers.GetAsync(customer.Id, None).ConfigureAwait(false))?.LastName);
        }
    }

    /// <summary>Checks that inserting an existing identifier fails with <see cref="CrmDuplicateException"/> in every repository, changing nothing.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Insert_ExistingId_ThrowsDuplicateAndKeepsOriginal()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var customer = await session.Customers.InsertAsync(ConformanceData.Customer(tenant, 1, DateTimeOffset.UnixEpoch), None).ConfigureAwait(false);
            var error = await Assert.ThrowsAsync<CrmDuplicateException>(
                () => session.Customers.InsertAsync(customer with { FirstName = "Impostor", Emails = ["impostor@example.com"] }, None)).ConfigureAwait(false);
            Assert.Equal(customer.Id, error.Id);
            Assert.Equal(customer.FirstName, (await session.Customers.GetAsync(customer.Id, None).ConfigureAwait(false))?.FirstName);
            Assert.Null(await session.Customers.FindByEmailAsync("impostor@example.com", None).ConfigureAwait(false));

            var interaction = await session.Interactions.InsertAsync(ConformanceData.Interaction(tenant, customer.Id, DateTimeOffset.UnixEpoch), None).ConfigureAwait(false);
            await Assert.ThrowsAsync<CrmDuplicateException>(() => session.Interactions.InsertAsync(interaction, None)).ConfigureAwait(false);

            var purchase = await session.Purchases.InsertAsync(ConformanceData.Purchase(tenant, customer.Id, DateTimeOffset.UnixEpoch), None).ConfigureAwait(false);
            await Assert.ThrowsAsync<CrmDuplicateException>(
                () => session.Purchases.InsertAsync(purchase with { Lines = [new PurchaseLine("X", "X", 1, 1), new PurchaseLine("Y", "Y", 1, 1)] }, None)).ConfigureAwait(false);
            Assert.Single((await session.Purchases.GetAsync(purchase.Id, None).ConfigureAwait(false))!.Lines);
        }
    }

    /// <summary>Inserts a customer in its own session.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <returns>The stored customer.</returns>
    protected async Task<Customer> InsertCustomerAsync(string tenantId)
    {
        var session = await OpenAsync(tenantId).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Customers.InsertAsync(ConformanceData.FullCustomer(tenantId), None).ConfigureAwait(false);
        }
    }
}
