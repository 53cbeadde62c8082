using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Postgres.CustomerData;
using Crm.Plugins.Storage.Postgres.Tests.Server;
using Crm.Plugins.Storage.Querying;

namespace Crm.Plugins.Storage.Postgres.Tests;

/// <summary>What the customer-data kit cannot see: the shared RFM CASE against its C# rule, and that segment SQL carries no literal.</summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresSegmentTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task RfmSegmentCase_EveryScoreCombination_MatchesClassify()
    {
        await using var provider = await PostgresStorageProviderTests.NewProviderAsync();
        await using var session = (PostgresStorageSession)await provider.OpenSessionAsync("t", None);
        await using var command = session.CreateCommand(
            $"SELECT r, f, m, {RfmSegmentSql.Case} FROM generate_series(1, 5) r, generate_series(1, 5) f, generate_series(1, 5) m;");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            var (r, f, m) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
            Assert.Equal((r, f, m, RfmSegments.Classify(r, f, m)), (r, f, m, reader.GetString(3)));
        }

        Assert.Equal(125, rows);
    }

    [Fact]
    public void RfmSql_OneStatementWithWindowFunctions_AndNoTenantLiteral()
    {
        Assert.Equal(3, PostgresSegmentStore.RfmSql.Split("percent_rank() OVER", StringSplitOptions.None).Length - 1);
        Assert.Single(PostgresSegmentStore.RfmSql.Split(';', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("tenant_id = @tenant", PostgresSegmentStore.RfmSql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SegmentQuery_RfmAndAggregateFields_AreParametersNeverSqlText()
    {
        await using var provider = await PostgresStorageProviderTests.NewProviderAsync();
        await using var session = (PostgresStorageSession)await provider.OpenSessionAsync("tenant-literal", None);
        var condition = """
            {"all":[{"field":"rfmSegment","op":"eq","value":"At Risk"},{"field":"rfmRecency","op":"gte","value":4},
            {"field":"totalSpent","op":"gt","value":123456.789},{"count":"interactions","where":{"field":"channel","op":"eq","value":"Chanvalue"},"op":"gte","value":987654}]}
            """;
        var query = new StorageQuery { Filter = ConditionParser.Parse(condition, SegmentFields.Customer), AsOf = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) };
        await using var command = session.CreateCommand("");
        var sql = new PostgresSegmentCustomerRepository(session).Where(query, command);

        foreach (var literal in new[] { "At Risk", "123456", "987654", "Chanvalue", "tenant-literal" })
        {
            Assert.DoesNotContain(literal, sql, StringComparison.Ordinal);
        }

        // RFM fields read the joined customer_rfm row rather than a subquery per reference.
        Assert.Contains("rfm.segment", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("SELECT rfm.", sql, StringComparison.Ordinal);
        Assert.Equal(0, await session.Segments.CountAsync(query, None));
    }
}
