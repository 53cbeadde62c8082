using Crm.Engine.Analytics;
using Crm.Engine.Feedback;
using Crm.Engine.Security;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Postgres.Schema;
using Crm.Plugins.Storage.Postgres.Tests.Server;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres.Tests;

/// <summary>
/// The PostgreSQL-only steps 17–19 (audit, feedback, analytics): they upgrade a database already at step 12 without
/// losing its data, and their period bounds are exact to the 100 ns tick whatever the session's time zone.
/// </summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresLateStepsTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Noon = new(2031, 1, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task InitializeAsync_DatabaseAtVersion12_AppliesTheLaterStepsAndKeepsTheData()
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        var upToTwelve = SchemaMigrations.All.Where(m => m.Version <= 12).ToList();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var release = new NpgsqlCommand(
                "CREATE TABLE crm_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL); " +
                string.Concat(upToTwelve.Select(m => m.Sql + ";\n")) +
                string.Concat(upToTwelve.Select(m => $"INSERT INTO crm_schema_migrations VALUES ({m.Version}, 'old', now());")), connection);
            await release.ExecuteNonQueryAsync();
        }

        var logger = new RecordingLogger();
        await using var provider = new PostgresStorageProvider(new PostgresStorageOptions { ConnectionString = connectionString }, logger: logger);
        Customer customer;
        await using (var session = await provider.OpenSessionAsync("t", None))
        {
            customer = await session.Customers.InsertAsync(PostgresStorageProviderTests.Customer("t", 1) with { CreatedAt = Noon, UpdatedAt = Noon }, None);
            await session.Purchases.InsertAsync(Purchase(customer.Id, Noon, 42.5m), None);
        }

        await provider.InitializeAsync(None);

        // Every step above 12 ran once (17, 18 and 19 here, plus any step numbered 13–16 that exists by then).
        Assert.Equal(SchemaMigrations.All.Count(m => m.Version > 12), logger.EventIds.Count(id => id == 1400));
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var versions = new NpgsqlCommand("SELECT string_agg(version::text, ',' ORDER BY version) FROM crm_schema_migrations WHERE version IN (17, 18, 19);", connection);
            Assert.Equal("17,18,19", await versions.ExecuteScalarAsync());
        }

        await using (var session = await provider.OpenSessionAsync("t", None))
        {
            // The purchase written before the upgrade is in the new covering index's aggregates.
            Assert.Equal(new OrderTotals(1, 42.5m, 1), await session.Analytics.GetOrderTotalsAsync(null, Noon.AddDays(1), "EUR", null, Noon, None));
            Assert.Equal([new KeyedCount("Lead", 1)], await session.Analytics.CountByLifecycleStageAsync(Noon, Noon.AddDays(1), None));
            await session.Audit.AppendAsync([AuditRecord("t", Noon)], None);
            Assert.Single((await session.Audit.QueryAsync(new AuditQuery { Actor = "ada" }, None)).Items);
            await session.Feedback.InsertResponseAsync(Response(customer.Id, Noon, nps: 10), None);
            Assert.Equal(1, Assert.Single(await session.Feedback.CountAsync(new FeedbackQuery { From = Noon, Until = Noon.AddDays(1) }, None)).Promoters);
        }
    }

    [Fact]
    public async Task PeriodBounds_BetweenMicroseconds_AreExactToTheTick_AndDayKeysAreUtcInAnyTimeZone()
    {
        // Kiritimati is UTC+14: 23:00 UTC is already the next day there, so a key taken in session time would be wrong.
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync() + ";Timezone=Pacific/Kiritimati";
        await using var provider = new PostgresStorageProvider(new PostgresStorageOptions { ConnectionString = connectionString });
        await provider.InitializeAsync(None);
        await using var session = await provider.OpenSessionAsync("t", None);
        var bound = Noon.AddTicks(5);
        var late = Noon.AddHours(11);
        var customer = Guid.NewGuid();
        await session.Feedback.InsertResponseAsync(Response(customer, Noon.AddTicks(4), nps: 0), None);
        await session.Feedback.InsertResponseAsync(Response(customer, bound, nps: 10), None);
        await session.Feedback.InsertResponseAsync(Response(customer, late, nps: 9), None);
        await session.Analytics.UpsertCostAsync(new AcquisitionCost(Guid.NewGuid(), "email", Noon.AddTicks(4), 1m, "EUR"), None);
        await session.Analytics.UpsertCostAsync(new AcquisitionCost(Guid.NewGuid(), "email", bound, 2m, "EUR"), None);
        await session.Purchases.InsertAsync(Purchase(customer, Noon.AddTicks(4), 10m), None);
        await session.Purchases.InsertAsync(Purchase(customer, bound, 20m), None);

        // From the bound on: the responses at +5 ticks (10) and at 23:00 (9), both UTC day 2031-01-15; not the one at +4 ticks.
        var days = await session.Feedback.CountAsync(new FeedbackQuery { From = bound, Until = Noon.AddDays(1), GroupBy = FeedbackGrouping.Day }, None);
        Assert.Equal([new FeedbackCounts("2031-01-15", 2, 2, 0, 0, 0, 0)], days);
        Assert.Equal([2m], (await session.Analytics.ListCostsAsync(bound, Noon.AddDays(1), None)).Select(c => c.Amount));
        Assert.Equal([1m], (await session.Analytics.ListCostsAsync(Noon, bound, None)).Select(c => c.Amount));
        // Up to the bound: only the 10 EUR purchase at +4 ticks.
        Assert.Equal(new OrderTotals(1, 10m, 1), await session.Analytics.GetOrderTotalsAsync(null, bound, "EUR", null, bound, None));
        // Buckets [noon - 1 d, bound) and [bound, noon + 1 d): 10 EUR in the first, 20 EUR in the second.
        var trend = await session.Analytics.GetRevenueTrendAsync([Noon.AddDays(-1), bound, Noon.AddDays(1)], "EUR", None);
        Assert.Equal([10m, 20m], trend.Select(p => p.Totals.Revenue));
        Assert.Equal(bound, trend[1].Start);
    }

    private static Purchase Purchase(Guid customerId, DateTimeOffset at, decimal total) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = "t",
        CustomerId = customerId,
        PurchasedAt = at,
        Currency = "EUR",
        Lines = [new PurchaseLine("SKU-1", "Widget", 1m, total)],
        CreatedAt = at,
    };

    private static SurveyResponse Response(Guid customerId, DateTimeOffset at, int nps) => new()
    {
        Id = Guid.NewGuid(),
        SurveyId = Guid.Empty,
        CustomerId = customerId,
        NpsScore = nps,
        ReceivedAt = at,
    };

    private static AuditRecord AuditRecord(string tenant, DateTimeOffset at) => new()
    {
        Id = Guid.NewGuid(), TenantId = tenant, OccurredAt = at, Actor = "ada", Origin = "direct",
        RecordType = "Customer", RecordId = "c-1", Action = "CustomerCreated",
    };
}
