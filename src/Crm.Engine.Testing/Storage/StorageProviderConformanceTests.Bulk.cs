using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

public abstract partial class StorageProviderConformanceTests<TFixture>
{
    /// <summary>Checks that a bulk insert stores every record of each repository with version 1 and reports the count.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task BulkInsert_ManyRecords_StoresAll()
    {
        var tenant = NewTenantId();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var customers = Enumerable.Range(0, 300).Select(n => ConformanceData.Customer(tenant, n, start.AddSeconds(n))).ToList();
        var interactions = customers.Select(c => ConformanceData.Interaction(tenant, c.Id, c.CreatedAt)).ToList();
        var purchases = customers.Take(100).Select(c => ConformanceData.Purchase(tenant, c.Id, c.CreatedAt)).ToList();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            Assert.Equal(300, await session.Customers.BulkInsertAsync(customers, None).ConfigureAwait(false));
            Assert.Equal(300, await session.Interactions.BulkInsertAsync(interactions, None).ConfigureAwait(false));
            Assert.Equal(100, await session.Purchases.BulkInsertAsync(purchases, None).ConfigureAwait(false));

            var all = new StorageQuery();
            Assert.Equal(300, await session.Customers.CountAsync(all, None).ConfigureAwait(false));
            Assert.Equal(300, await session.Interactions.CountAsync(all, None).ConfigureAwait(false));
            Assert.Equal(100, await session.Purchases.CountAsync(all, None).ConfigureAwait(false));
            var sample = await session.Customers.GetAsync(customers[123].Id, None).ConfigureAwait(false);
            AssertSameCustomer(customers[123] with { Version = 1 }, sample!);
            Assert.Equal(customers[7].Id, (await session.Customers.FindByEmailAsync(customers[7].Emails[0], None).ConfigureAwait(false))?.Id);
            Assert.Equal(purchases[5].Lines, (await session.Purchases.GetAsync(purchases[5].Id, None).ConfigureAwait(false))?.Lines);
        }
    }

    /// <summary>Checks that a bulk insert with one existing identifier fails with a duplicate error and stores none of the batch.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task BulkInsert_OneDuplicate_StoresNothing()
    {
        var tenant = NewTenantId();
        var existing = await InsertCustomerAsync(tenant).ConfigureAwait(false);
        var batch = Enumerable.Range(0, 50).Select(n => ConformanceData.Customer(tenant, n, DateTimeOffset.UnixEpoch)).ToList();
        batch.Insert(40, existing with { Version = 0 });
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var error = await Assert.ThrowsAsync<CrmDuplicateException>(() => session.Customers.BulkInsertAsync(batch, None)).ConfigureAwait(false);
            Assert.Equal(existing.Id, error.Id);
            Assert.Equal(1, await session.Customers.CountAsync(new StorageQuery(), None).ConfigureAwait(false));
            Assert.Null(await session.Customers.FindByEmailAsync(batch[0].Emails[0], None).ConfigureAwait(false));

            var interaction = ConformanceData.Interaction(tenant, existing.Id, DateTimeOffset.UnixEpoch);
            await Assert.ThrowsAsync<CrmDuplicateException>(
                () => session.Interactions.BulkInsertAsync([ConformanceData.Interaction(tenant, existing.Id, DateTimeOffset.UnixEpoch), interaction, interaction], None)).ConfigureAwait(false);
            Assert.Equal(0, await session.Interactions.CountAsync(new StorageQuery(), None).ConfigureAwait(false));

            var purchase = ConformanceData.Purchase(tenant, existing.Id, DateTimeOffset.UnixEpoch);
            await Assert.ThrowsAsync<CrmDuplicateException>(() => session.Purchases.BulkInsertAsync([purchase, purchase], None)).ConfigureAwait(false);
            Assert.Equal(0, await session.Purchases.CountAsync(new StorageQuery(), None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks that a bulk insert inside an open transaction joins it: a rollback removes the whole batch.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task BulkInsert_InsideTransaction_RollsBackWithIt()
    {
        var tenant = NewTenantId();
        var batch = Enumerable.Range(0, 20).Select(n => ConformanceData.Customer(tenant, n, DateTimeOffset.UnixEpoch)).ToList();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var transaction = await session.BeginTransactionAsync(None).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                Assert.Equal(20, await session.Customers.BulkInsertAsync(batch, None).ConfigureAwait(false));
                Assert.Equal(20, await session.Customers.CountAsync(new StorageQuery(), None).ConfigureAwait(false));
                await transaction.RollbackAsync(None).ConfigureAwait(false);
            }
        }

        await AssertTenantEmptyAsync(tenant).ConfigureAwait(false);
    }

    /// <summary>Checks that a bulk insert cancelled part-way stores nothing.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task BulkInsert_Cancelled_StoresNothing()
    {
        var tenant = NewTenantId();
        using var cancellation = new CancellationTokenSource();
        IEnumerable<Customer> Batch()
        {
            for (var n = 0; n < 100; n++)
            {
                if (n == 60)
                {
                    cancellation.Cancel();
                }

                yield return ConformanceData.Customer(tenant, n, DateTimeOffset.UnixEpoch);
            }
        }

        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.Customers.BulkInsertAsync(Batch(), cancellation.Token)).ConfigureAwait(false);
        }

        await AssertTenantEmptyAsync(tenant).ConfigureAwait(false);
    }
}
