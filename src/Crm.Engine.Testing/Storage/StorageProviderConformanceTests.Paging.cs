using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

public abstract partial class StorageProviderConformanceTests<TFixture>
{
    /// <summary>Checks that walking all pages of a sort order returns every customer exactly once, in that order.</summary>
    /// <param name="sort">The sort order.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [InlineData(SortOrder.CreatedAscending)]
    [InlineData(SortOrder.CreatedDescending)]
    [InlineData(SortOrder.UpdatedAscending)]
    [InlineData(SortOrder.UpdatedDescending)]
    public virtual async Task Customers_Paging_ReturnsEveryRecordOnceInOrder(SortOrder sort)
    {
        var tenant = NewTenantId();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        // Pairs share a creation time, so the identifier must break ties across page boundaries.
        var customers = Enumerable.Range(0, 23)
            .Select(n => ConformanceData.Customer(tenant, n, start.AddMinutes(n / 2)) with { UpdatedAt = start.AddHours(-n) })
            .ToList();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Customers.BulkInsertAsync(customers, None).ConfigureAwait(false);
            var all = await ReadAllPagesAsync(session.Customers, new StorageQuery { Sort = sort, Page = new PageRequest(4) }).ConfigureAwait(false);

            Assert.Equal(customers.Select(c => c.Id).Order(), all.Select(c => c.Id).Order());
            var keys = all.Select(c => sort is SortOrder.UpdatedAscending or SortOrder.UpdatedDescending ? c.UpdatedAt : c.CreatedAt).ToList();
            var expected = sort is SortOrder.CreatedDescending or SortOrder.UpdatedDescending ? keys.OrderDescending() : keys.Order();
            Assert.Equal(expected, keys);
        }
    }

    /// <summary>Checks that a filtered query pages through exactly the matching records.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Customers_FilteredPaging_ReturnsExactlyTheMatches()
    {
        var tenant = NewTenantId();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var customers = Enumerable.Range(0, 30)
            .Select(n => ConformanceData.Customer(tenant, n, start.AddDays(n)) with { Tags = n % 3 == 0 ? ["match"] : [] })
            .ToList();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Customers.BulkInsertAsync(customers, None).ConfigureAwait(false);
            var query = new StorageQuery
            {
                Filter = Conditions.ConditionParser.Parse("""{"field":"tags","op":"contains","value":"match"}""", Conditions.CrmFields.Customer),
                Page = new PageRequest(3),
            };
            var all = await ReadAllPagesAsync(session.Customers, query).ConfigureAwait(false);
            Assert.Equal(customers.Where(c => c.Tags.Count > 0).Select(c => c.Id), all.Select(c => c.Id));
            Assert.Equal(10, await session.Customers.CountAsync(query, None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks that a customer's timeline comes newest first across pages, ties broken by identifier, and only that customer's.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Interactions_Timeline_NewestFirstAcrossPages()
    {
        var tenant = NewTenantId();
        var customerId = Guid.NewGuid();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var interactions = Enumerable.Range(0, 17)
            .Select(n => ConformanceData.Interaction(tenant, customerId, start.AddHours(n / 3)))
            .Append(ConformanceData.Interaction(tenant, Guid.NewGuid(), start))
            .ToList();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Interactions.BulkInsertAsync(interactions, None).ConfigureAwait(false);
            var read = new List<Interaction>();
            string? token = null;
            do
            {
                var page = await session.Interactions.GetTimelineAsync(customerId, new PageRequest(5, token), None).ConfigureAwait(false);
                Assert.True(page.Items.Count <= 5);
                read.AddRange(page.Items);
                token = page.ContinuationToken;
            }
            while (token is not null);

            Assert.Equal(17, read.Count);
            Assert.Equal(17, read.Select(i => i.Id).Distinct().Count());
            Assert.All(read, i => Assert.Equal(customerId, i.CustomerId));
            Assert.Equal(read.Select(i => i.OccurredAt).OrderDescending(), read.Select(i => i.OccurredAt));
        }
    }

    /// <summary>Checks that a customer's purchase history comes newest first across pages, with lines.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Purchases_ListByCustomer_NewestFirstAcrossPages()
    {
        var tenant = NewTenantId();
        var customerId = Guid.NewGuid();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var purchases = Enumerable.Range(0, 9)
            .Select(n => ConformanceData.Purchase(tenant, customerId, start.AddDays(n), new PurchaseLine("SKU", "Item", n + 1, 1)))
            .Append(ConformanceData.Purchase(tenant, Guid.NewGuid(), start))
            .ToList();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Purchases.BulkInsertAsync(purchases, None).ConfigureAwait(false);
            var read = new List<Purchase>();
            string? token = null;
            do
            {
                var page = await session.Purchases.ListByCustomerAsync(customerId, new PageRequest(4, token), None).ConfigureAwait(false);
                read.AddRange(page.Items);
                token = page.ContinuationToken;
            }
            while (token is not null);

            Assert.Equal(Enumerable.Range(0, 9).Reverse().Select(n => (decimal)(n + 1)), read.Select(p => p.Lines.Single().Quantity));
        }
    }

    /// <summary>Checks that page sizes outside 1 to <see cref="PageRequest.MaxSize"/> are refused and the bounds are accepted.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Query_PageSizeOutOfRange_Throws()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
                () => session.Customers.QueryAsync(new StorageQuery { Page = new PageRequest(0) }, None)).ConfigureAwait(false);
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
                () => session.Customers.QueryAsync(new StorageQuery { Page = new PageRequest(PageRequest.MaxSize + 1) }, None)).ConfigureAwait(false);
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
                () => session.Interactions.GetTimelineAsync(Guid.NewGuid(), new PageRequest(-1), None)).ConfigureAwait(false);
            Assert.Empty((await session.Customers.QueryAsync(new StorageQuery { Page = new PageRequest(PageRequest.MaxSize) }, None).ConfigureAwait(false)).Items);
            Assert.Empty((await session.Purchases.QueryAsync(new StorageQuery { Page = new PageRequest(1) }, None).ConfigureAwait(false)).Items);
        }
    }
}
