using Crm.Engine.Campaigns;
using Crm.Plugins.Storage.Postgres.Schema;
using Crm.Plugins.Storage.Postgres.Tests.Server;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres.Tests;

/// <summary>
/// Step 22 adds status and not-before time to campaign_recipients: rows written by sends before it (message enqueued
/// at once) become queued recipients with their message, so a resend skips them and dispatch never renders them again.
/// </summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresCampaignRecipientsUpgradeTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Queued = new(2030, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task InitializeAsync_DatabaseAtVersion21_KeepsOldRecipientsAsQueued()
    {
        var (campaign, customer, message) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        var upToTwentyOne = SchemaMigrations.All.Where(m => m.Version <= 21).ToList();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var release = new NpgsqlCommand(
                "CREATE TABLE crm_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL); " +
                string.Concat(upToTwentyOne.Select(m => m.Sql + ";\n")) +
                string.Concat(upToTwentyOne.Select(m => $"INSERT INTO crm_schema_migrations VALUES ({m.Version}, 'old', now());")) +
                $"INSERT INTO campaign_recipients (tenant_id, campaign_id, customer_id, variant, message_id, queued_at) VALUES ('t', '{campaign}', '{customer}', 'B', '{message}', {Queued.UtcTicks});",
                connection);
            await release.ExecuteNonQueryAsync();
        }

        await using var provider = new PostgresStorageProvider(new PostgresStorageOptions { ConnectionString = connectionString });
        await provider.InitializeAsync(None);

        await using var session = await provider.OpenSessionAsync("t", None);
        Assert.Equal(
            new CampaignRecipient(campaign, customer, "B", message, Queued) { Status = CampaignRecipientStatus.Queued, CompletedAt = Queued },
            await session.Campaigns.GetRecipientAsync(campaign, customer, None));
        Assert.Equal(new CampaignRecipientCounts(0, 1, 0, 0, null), await session.Campaigns.CountRecipientsAsync(campaign, None));
        Assert.Equal(0, await session.Campaigns.AddRecipientsAsync([new CampaignRecipient(campaign, customer, "A", null, Queued)], None));
    }
}
