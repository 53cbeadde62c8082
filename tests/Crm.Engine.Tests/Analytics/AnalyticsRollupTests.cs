using Crm.Engine.Analytics;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Tests.Analytics;

/// <summary>
/// The rollups of SQLite schema 23 (<c>analytics_interaction_days</c>, <c>analytics_purchase_days</c>,
/// <c>analytics_customer_firsts</c>) stay equal to a recount of the raw rows after every kind of write, and the report sections that read them give the
/// hand-computed answers.
/// </summary>
public sealed class AnalyticsRollupTests
{
    private static readonly DateTimeOffset May = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly AnalyticsQuery MayQuery = new(new ReportPeriod(May, May.AddMonths(1)), "EUR");

    [Fact]
    public async Task BulkInsertAndCsvImport_RollupsMatchRecount()
    {
        await using var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant();
        var ann = await crm.Customers.CreateAsync(new Customer { LastName = "Lee", ExternalId = "X1", Emails = ["ann@example.com"] });
        var bob = await crm.Customers.CreateAsync(new Customer { LastName = "Bob" });

        await crm.Purchases.ImportAsync([Purchase(ann.Id, May.AddHours(10), 10m), Purchase(bob.Id, May.AddHours(23), 20m), Purchase(ann.Id, May.AddDays(1), 5m, "USD")]);
        await crm.Interactions.ImportAsync([Interaction(ann.Id, "email", InteractionDirection.Inbound, May.AddHours(1)), Interaction(bob.Id, "phone", InteractionDirection.Outbound, May.AddDays(3))]);
        await AssertRollupsMatchRecountAsync(engine);

        var purchases = await crm.Csv.ImportAsync(ImportKind.Purchases, new StringReader("""
            customerEmail,orderNumber,purchasedAt,currency,sku,productName,quantity,unitPrice
            ann@example.com,O-1,2026-05-03,EUR,SKU1,Widget,2,9.50
            ann@example.com,O-2,2026-04-30,EUR,SKU2,Gadget,1,7
            """));
        var interactions = await crm.Csv.ImportAsync(ImportKind.Interactions, new StringReader("""
            customerExternalId,customerEmail,channel,direction,occurredAt,subject
            X1,,email,inbound,2026-05-04T10:00:00Z,Hello
            X1,,email,inbound,2026-06-01T00:00:00Z,Next month
            """));
        Assert.Equal((2L, 2L), (purchases.Inserted, interactions.Inserted));
        await AssertRollupsMatchRecountAsync(engine);

        // May, EUR: 10 (bulk) + 20 (bulk) + 2 × 9.50 (CSV) = 49 in 3 orders by 2 buyers; the April order and the USD one
        // are out. Interactions in May: email inbound 05-01 (bulk) + 05-04 (CSV) = 2, phone outbound 1; June's is out.
        var revenue = await crm.Analytics.GetRevenueAsync(MayQuery);
        Assert.Equal(new OrderTotals(3, 49m, 2), revenue.Totals);
        Assert.Equal(new OrderTotals(3, 49m, 2), Assert.Single(revenue.Trend).Totals);
        var engagement = await crm.Analytics.GetEngagementAsync(MayQuery);
        Assert.Equal([new InteractionCount("email", InteractionDirection.Inbound, 2), new InteractionCount("phone", InteractionDirection.Outbound, 1)], engagement.Interactions);
        // New in May: Bob (first purchase 05-01, first touch phone). Ann's first purchase is the CSV's April order.
        Assert.Equal([("phone", 1L)], await AcquiredAsync(crm));
    }

    [Fact]
    public async Task MergeAndErasure_RollupsMatchRecount_AndTotalsUnchanged()
    {
        await using var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant();
        var ann = await crm.Customers.CreateAsync(new Customer { FirstName = "Ann", LastName = "Lee", Emails = ["ann@example.com"] });
        var copy = await crm.Customers.CreateAsync(new Customer { FirstName = "Ann", LastName = "Lee", Emails = ["ann.lee@example.com"] });
        await crm.Purchases.RecordAsync(Purchase(ann.Id, May.AddDays(2), 40m));
        await crm.Purchases.RecordAsync(Purchase(copy.Id, May.AddDays(2), 60m));
        await crm.Interactions.RecordAsync(Interaction(ann.Id, "chat", InteractionDirection.Inbound, May.AddDays(5)));
        await crm.Interactions.RecordAsync(Interaction(copy.Id, "chat", InteractionDirection.Inbound, May.AddDays(5)));

        await crm.Duplicates.MergeAsync(ann.Id, copy.Id);
        await AssertRollupsMatchRecountAsync(engine);
        // Both orders now belong to Ann: 40 + 60 = 100 in 2 orders by 1 buyer; 2 chats.
        Assert.Equal(new OrderTotals(2, 100m, 1), (await crm.Analytics.GetRevenueAsync(MayQuery)).Totals);
        Assert.Equal([new InteractionCount("chat", InteractionDirection.Inbound, 2)], (await crm.Analytics.GetEngagementAsync(MayQuery)).Interactions);
        // One new customer left (the copy has no purchases any more), first touch chat.
        Assert.Equal([("chat", 1L)], await AcquiredAsync(crm));

        await crm.Privacy.EraseAsync(ann.Id, "art. 17");
        await AssertRollupsMatchRecountAsync(engine);
    }

    [Fact]
    public async Task UpdateAndDelete_RollupsFollowTheRow()
    {
        await using var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant();
        var ann = await crm.Customers.CreateAsync(new Customer { LastName = "Lee" });
        var first = await crm.Purchases.RecordAsync(Purchase(ann.Id, May.AddDays(1), 30m));
        await crm.Purchases.RecordAsync(Purchase(ann.Id, May.AddDays(1), 12m));
        var call = await crm.Interactions.RecordAsync(Interaction(ann.Id, "phone", InteractionDirection.Inbound, May.AddDays(1)));

        var session = await engine.Provider.GetRequiredService<IStorageProvider>().OpenSessionAsync(ann.TenantId, CancellationToken.None);
        await using (session)
        {
            var stored = (await session.Purchases.GetAsync(first.Id, CancellationToken.None))!;
            await session.Purchases.UpdateAsync(stored with { PurchasedAt = May.AddDays(-3), Lines = [new PurchaseLine("SKU", "Widget", 1m, 31m)] }, CancellationToken.None);
            var storedCall = (await session.Interactions.GetAsync(call.Id, CancellationToken.None))!;
            var moved = await session.Interactions.UpdateAsync(storedCall with { Channel = "sms", Direction = InteractionDirection.Outbound }, CancellationToken.None);
            await AssertRollupsMatchRecountAsync(engine);
            // May: only the 12 EUR order is left in the period (the 30 moved to April 28 as 31); the call is now sms outbound.
            Assert.Equal(new OrderTotals(1, 12m, 1), (await crm.Analytics.GetRevenueAsync(MayQuery)).Totals);
            Assert.Equal([new InteractionCount("sms", InteractionDirection.Outbound, 1)], (await crm.Analytics.GetEngagementAsync(MayQuery)).Interactions);
            // Ann's first purchase moved to April: nobody is new in May.
            Assert.Empty(await AcquiredAsync(crm));

            await session.Interactions.DeleteAsync(moved.Id, moved.Version, CancellationToken.None);
            var moved2 = (await session.Purchases.GetAsync(first.Id, CancellationToken.None))!;
            await session.Purchases.DeleteAsync(moved2.Id, moved2.Version, CancellationToken.None);
        }

        await AssertRollupsMatchRecountAsync(engine);
        Assert.Empty((await crm.Analytics.GetEngagementAsync(MayQuery)).Interactions);
        // The April order and the only interaction are gone: Ann's first purchase is 05-02 again, with no first touch.
        Assert.Equal([(AnalyticsChannels.Unattributed, 1L)], await AcquiredAsync(crm));
    }

    [Fact]
    public async Task BackdatedInteraction_BecomesTheFirstTouch()
    {
        await using var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant();
        var ann = await crm.Customers.CreateAsync(new Customer { LastName = "Lee" });
        await crm.Purchases.RecordAsync(Purchase(ann.Id, May.AddDays(10), 5m));
        await crm.Interactions.RecordAsync(Interaction(ann.Id, "email", InteractionDirection.Inbound, May.AddDays(2)));
        Assert.Equal([("email", 1L)], await AcquiredAsync(crm));

        await crm.Interactions.ImportAsync([Interaction(ann.Id, "social", InteractionDirection.Inbound, May.AddDays(-20))]);

        await AssertRollupsMatchRecountAsync(engine);
        Assert.Equal([("social", 1L)], await AcquiredAsync(crm));
    }

    private static async Task<List<(string, long)>> AcquiredAsync(ICrmContext crm) =>
        [.. (await crm.Analytics.GetAcquisitionAsync(MayQuery)).Channels.Where(c => c.NewCustomers > 0).Select(c => (c.Channel, c.NewCustomers))];

    private static Purchase Purchase(Guid customer, DateTimeOffset at, decimal total, string currency = "EUR") => new()
    {
        CustomerId = customer,
        PurchasedAt = at,
        Currency = currency,
        Lines = [new PurchaseLine("SKU", "Widget", 1m, total)],
    };

    private static Interaction Interaction(Guid customer, string channel, InteractionDirection direction, DateTimeOffset at) => new()
    {
        CustomerId = customer,
        Channel = channel,
        Direction = direction,
        OccurredAt = at,
    };

    /// <summary>Compares every non-zero rollup row with a GROUP BY recount of the raw rows, over all tenants.</summary>
    private static async Task AssertRollupsMatchRecountAsync(TestEngine engine)
    {
        var path = engine.Provider.GetRequiredService<IOptions<SqliteStorageOptions>>().Value.DataSource;
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        Assert.Equal(
            await RowsAsync(connection, "SELECT tenant_id, occurred_at / 864000000000, channel, direction, COUNT(*) FROM interactions GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4;"),
            await RowsAsync(connection, "SELECT tenant_id, day, channel, direction, interactions FROM analytics_interaction_days WHERE interactions <> 0 ORDER BY 1, 2, 3, 4;"));
        Assert.Equal(
            await RowsAsync(connection, "SELECT tenant_id, purchased_at / 864000000000, currency, COUNT(*), SUM(total) FROM purchases GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;"),
            await RowsAsync(connection, "SELECT tenant_id, day, currency, orders, revenue FROM analytics_purchase_days WHERE orders <> 0 OR revenue <> 0 ORDER BY 1, 2, 3;"));
        Assert.Equal(
            await RowsAsync(connection, """
                WITH p AS (SELECT tenant_id, customer_id, MIN(purchased_at) AS f FROM purchases GROUP BY 1, 2),
                t AS (SELECT tenant_id, customer_id, occurred_at, id, channel FROM (SELECT tenant_id, customer_id, occurred_at, id, channel,
                    ROW_NUMBER() OVER (PARTITION BY tenant_id, customer_id ORDER BY occurred_at, id) AS n FROM interactions) WHERE n = 1),
                k AS (SELECT tenant_id, customer_id FROM p UNION SELECT tenant_id, customer_id FROM t)
                SELECT k.tenant_id, hex(k.customer_id), p.f, t.occurred_at, hex(t.id), t.channel
                FROM k LEFT JOIN p USING (tenant_id, customer_id) LEFT JOIN t USING (tenant_id, customer_id) ORDER BY 1, 2;
                """),
            await RowsAsync(connection, "SELECT tenant_id, hex(customer_id), first_purchase_at, first_touch_at, hex(first_touch_id), first_touch_channel FROM analytics_customer_firsts WHERE first_purchase_at IS NOT NULL OR first_touch_at IS NOT NULL ORDER BY 1, 2;"));
        Assert.NotEmpty(await RowsAsync(connection, "SELECT 1 FROM analytics_interaction_days UNION ALL SELECT 1 FROM analytics_purchase_days;"));
    }

    private static async Task<List<string>> RowsAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }
}
