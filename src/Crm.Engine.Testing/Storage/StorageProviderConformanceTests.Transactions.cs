using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

public abstract partial class StorageProviderConformanceTests<TFixture>
{
    /// <summary>Checks that disposing a transaction without commit undoes the writes of every repository of the session.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Transaction_DisposedWithoutCommit_RollsBackEveryRepository()
    {
        var tenant = NewTenantId();
        var customer = ConformanceData.FullCustomer(tenant);
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var transaction = await session.BeginTransactionAsync(None).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                Assert.True(session.InTransaction);
                await session.Customers.InsertAsync(customer, None).ConfigureAwait(false);
                await session.Interactions.InsertAsync(ConformanceData.Interaction(tenant, customer.Id, customer.CreatedAt), None).ConfigureAwait(false);
                await session.Purchases.BulkInsertAsync([ConformanceData.Purchase(tenant, customer.Id, customer.CreatedAt)], None).ConfigureAwait(false);
                Assert.NotNull(await session.Customers.GetAsync(customer.Id, None).ConfigureAwait(false));
            }

            Assert.False(session.InTransaction);
        }

        await AssertTenantEmptyAsync(tenant).ConfigureAwait(false);
    }

    /// <summary>Checks that an explicit rollback discards the writes and a later commit keeps only what followed.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Transaction_RollbackThenCommit_KeepsOnlyCommitted()
    {
        var tenant = NewTenantId();
        var discarded = ConformanceData.Customer(tenant, 1, DateTimeOffset.UnixEpoch);
        var kept = ConformanceData.Customer(tenant, 2, DateTimeOffset.UnixEpoch);
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var first = await session.BeginTransactionAsync(None).ConfigureAwait(false);
            await using (first.ConfigureAwait(false))
            {
                await session.Customers.InsertAsync(discarded, None).ConfigureAwait(false);
                await first.RollbackAsync(None).ConfigureAwait(false);
            }

            var second = await session.BeginTransactionAsync(None).ConfigureAwait(false);
            await using (second.ConfigureAwait(false))
            {
                await session.Customers.InsertAsync(kept, None).ConfigureAwait(false);
                await second.CommitAsync(None).ConfigureAwait(false);
            }
        }

        var reader = await OpenAsync(tenant).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            Assert.Null(await reader.Customers.GetAsync(discarded.Id, None).ConfigureAwait(false));
            Assert.NotNull(await reader.Customers.GetAsync(kept.Id, None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks that a second transaction on a session with an open one is refused.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Transaction_Nested_ThrowsInvalidOperation()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var transaction = await session.BeginTransactionAsync(None).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await Assert.ThrowsAsync<InvalidOperationException>(() => session.BeginTransactionAsync(None)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Checks that a failed write inside a transaction leaves the transaction usable and the earlier writes intact.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Transaction_FailedWriteInside_KeepsEarlierWrites()
    {
        var tenant = NewTenantId();
        var first = ConformanceData.Customer(tenant, 1, DateTimeOffset.UnixEpoch);
        var second = ConformanceData.Customer(tenant, 2, DateTimeOffset.UnixEpoch);
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var transaction = await session.BeginTransactionAsync(None).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await session.Customers.InsertAsync(first, None).ConfigureAwait(false);
                await Assert.ThrowsAsync<CrmDuplicateException>(() => session.Customers.BulkInsertAsync([second, first], None)).ConfigureAwait(false);
                await session.Customers.InsertAsync(second with { Id = Guid.NewGuid() }, None).ConfigureAwait(false);
                await transaction.CommitAsync(None).ConfigureAwait(false);
            }

            Assert.Equal(2, await session.Customers.CountAsync(new StorageQuery(), None).ConfigureAwait(false));
            Assert.Null(await session.Customers.GetAsync(second.Id, None).ConfigureAwait(false));
        }
    }

    private async Task AssertTenantEmptyAsync(string tenant)
    {
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var all = new StorageQuery();
            Assert.Equal(0, await session.Customers.CountAsync(all, None).ConfigureAwait(false));
            Assert.Equal(0, await session.Interactions.CountAsync(all, None).ConfigureAwait(false));
            Assert.Equal(0, await session.Purchases.CountAsync(all, None).ConfigureAwait(false));
        }
    }
}
