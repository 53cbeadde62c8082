using Crm.Engine.Campaigns;
using Crm.Plugins.Storage.Sqlite.Schema;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Tests;

/// <summary>
/// Step 22 rebuilds campaign_recipients: rows written by sends before it (message enqueued at once) survive as queued
/// recipients with their message, so a resend skips them and dispatch never renders them again.
/// </summary>
public sealed class SqliteCampaignRecipientsUpgradeTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Queued = new(2030, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task InitializeAsync_DatabaseAtVersion21_KeepsOldRecipientsAsQueued()
    {
        var (campaign, customer, message) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var upToTwentyOne = SchemaMigrations.All.Where(m => m.Version <= 21).ToList();
        await using (var connection = new SqliteConnection($"Data Source={_database.Path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var release = connection.CreateCommand();
            release.CommandText =
                "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL);\n" +
                string.Concat(upToTwentyOne.Select(m => m.Sql + ";\n")) +
                string.Concat(upToTwentyOne.Select(m => $"INSERT INTO schema_migrations VALUES ({m.Version}, 'old', 1);\n")) +
                "INSERT INTO campaign_recipients (tenant_id, campaign_id, customer_id, variant, message_id, queued_at) VALUES ('t', @campaign, @customer, 'B', @message, @at);";
            release.Parameters.AddWithValue("@campaign", campaign);
            release.Parameters.AddWithValue("@customer", customer);
            release.Parameters.AddWithValue("@message", message);
            release.Parameters.AddWithValue("@at", Queued.UtcTicks);
            await release.ExecuteNonQueryAsync();
        }

        var provider = _database.CreateProvider();
        await provider.InitializeAsync(None);

        await using var session = await provider.OpenSessionAsync("t", None);
        Assert.Equal(
            new CampaignRecipient(campaign, customer, "B", message, Queued) { Status = CampaignRecipientStatus.Queued, CompletedAt = Queued },
            await session.Campaigns.GetRecipientAsync(campaign, customer, None));
        Assert.Equal(new CampaignRecipientCounts(0, 1, 0, 0, null), await session.Campaigns.CountRecipientsAsync(campaign, None));
        Assert.Equal(0, await session.Campaigns.AddRecipientsAsync([new CampaignRecipient(campaign, customer, "A", null, Queued)], None));
    }
}
