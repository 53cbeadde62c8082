using System.Text;
using Crm.Engine.Channels;
using Crm.Engine.Storage;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Tests;

/// <summary>What the conformance kits cannot see: query plans of the claims, and how erasure and merges treat the outbox.</summary>
public sealed class SqliteOutboxStoreTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Now = new(2031, 5, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData(SqliteStorageProvider.ClaimOutboxSql, "ix_outbox_messages_due")]
    [InlineData(SqliteStorageProvider.ClaimJobsSql, "ix_scheduled_jobs_due")]
    public async Task Claim_QueryPlan_SeeksThePartialDueIndexWithoutSorting(string sql, string index)
    {
        await _database.CreateProvider().InitializeAsync(None);

        var plan = await ExplainAsync(sql);

        Assert.True(plan.Contains($"INDEX {index} (", StringComparison.Ordinal), plan);
        Assert.False(plan.Contains("TEMP B-TREE", StringComparison.Ordinal), plan);
        Assert.False(plan.Contains("SCAN", StringComparison.Ordinal), plan);
    }

    [Theory]
    [InlineData(SqliteStorageProvider.NextOutboxDueSql, "ix_outbox_messages_due", "ix_outbox_messages_leased")]
    [InlineData(SqliteStorageProvider.NextJobDueSql, "ix_scheduled_jobs_due", "ix_scheduled_jobs_leased")]
    public async Task NextDue_QueryPlan_ReadsOnlyThePartialIndexes(string sql, string due, string leased)
    {
        await _database.CreateProvider().InitializeAsync(None);

        var plan = await ExplainAsync(sql);

        Assert.True(plan.Contains($"INDEX {due}", StringComparison.Ordinal), plan);
        Assert.True(plan.Contains($"INDEX {leased}", StringComparison.Ordinal), plan);
        Assert.False(plan.Contains("SCAN outbox_messages", StringComparison.Ordinal) || plan.Contains("SCAN scheduled_jobs", StringComparison.Ordinal), plan);
    }

    [Fact]
    public async Task Erase_DeletesTheCustomersOutboxMessagesAttemptsAndReceipts_LeavingNoTraceInTheFiles()
    {
        var provider = _database.CreateProvider();
        await provider.InitializeAsync(None);
        var person = NewCustomer("t", "Zebulon");
        var other = NewCustomer("t", "Other");
        var interaction = new Interaction { Id = Guid.NewGuid(), TenantId = "t", CustomerId = person.Id, Channel = "email", OccurredAt = Now, CreatedAt = Now };
        var queued = NewMessage("t", person.Id, "zebulon.quixotewright@example.org", "Dear Zebulon Quixotewright, your order");
        var sent = NewMessage("t", person.Id, "zebulon.quixotewright@example.org", "Second letter to Zebulon Quixotewright");
        var kept = NewMessage("t", other.Id, "other@example.com", "Dear Other");
        await using (var session = await provider.OpenSessionAsync("t", None))
        {
            await session.Customers.InsertAsync(person, None);
            await session.Customers.InsertAsync(other, None);
            await session.Interactions.InsertAsync(interaction, None);
            Assert.True(await session.Inbound.TryRecordReceiptAsync("email", "<1.zebulon.quixotewright@example.org>", interaction.Id, Now, None));
            foreach (var message in new[] { queued, sent, kept })
            {
                await session.Outbox.EnqueueAsync(message, None);
            }
        }

        Assert.Equal(3, (await provider.ClaimDueOutboxMessagesAsync(new LeaseClaim(Now, "engine-a", TimeSpan.FromMinutes(5), 10), None)).Count);
        var needles = new[] { "Quixotewright", "zebulon.quixotewright@example.org", "<1.zebulon" };
        await using (var session = await provider.OpenSessionAsync("t", None))
        {
            var attempt = new OutboxAttempt(sent.Id, 1, Now, OutboxAttemptOutcome.Delivered, null, "<sent.zebulon.quixotewright@example.org>", TimeSpan.FromSeconds(1));
            Assert.True(await session.Outbox.RecordAttemptAsync(new OutboxAttemptResult(attempt, "engine-a", OutboxStatus.Delivered, Now, null), None));
            Assert.True(await session.Outbox.RecordAttemptAsync(new OutboxAttemptResult(attempt with { MessageId = kept.Id, ProviderMessageId = "<kept@example.com>" }, "engine-a", OutboxStatus.Delivered, Now, null), None));
            Assert.NotEmpty(FindTraces(needles)); // the scan works: before erasure the data is there

            await session.Privacy.EraseAsync(new ErasureRecord(Guid.NewGuid(), person.Id, Now, "admin", "gdpr-art-17-request"), None);
            await session.Privacy.PurgeAsync(None);

            Assert.Null(await session.Outbox.GetAsync(queued.Id, None));
            Assert.Null(await session.Outbox.GetAsync(sent.Id, None));
            Assert.Empty(await session.Outbox.GetAttemptsAsync(sent.Id, None));
            Assert.Null(await session.Inbound.FindReceiptAsync("email", "<1.zebulon.quixotewright@example.org>", None));
            Assert.Equal(OutboxStatus.Delivered, (await session.Outbox.GetAsync(kept.Id, None))?.Status);
            Assert.Single(await session.Outbox.GetAttemptsAsync(kept.Id, None));
        }

        var traces = FindTraces(needles);
        Assert.True(traces.Count == 0, string.Join(", ", traces));
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM outbox_attempts WHERE message_id NOT IN (SELECT id FROM outbox_messages);"));
    }

    [Fact]
    public async Task Merge_RepointsTheMergedCustomersOutboxMessagesToTheSurvivor()
    {
        var provider = _database.CreateProvider();
        await provider.InitializeAsync(None);
        var survivor = Guid.NewGuid();
        var merged = Guid.NewGuid();
        var bystander = Guid.NewGuid();
        await using var session = await provider.OpenSessionAsync("t", None);
        var fromMerged = new[] { NewMessage("t", merged, "m1@example.com", "a"), NewMessage("t", merged, "m2@example.com", "b") };
        var fromSurvivor = NewMessage("t", survivor, "s@example.com", "c");
        var fromBystander = NewMessage("t", bystander, "b@example.com", "d");
        foreach (var message in fromMerged.Append(fromSurvivor).Append(fromBystander))
        {
            await session.Outbox.EnqueueAsync(message, None);
        }

        await using (var otherTenant = await provider.OpenSessionAsync("other", None))
        {
            await otherTenant.Outbox.EnqueueAsync(NewMessage("other", merged, "x@example.com", "e"), None);
        }

        await session.Merges.RepointAsync(merged, survivor, None);

        var survivorMessages = await session.Outbox.ListAsync(new OutboxQuery { CustomerId = survivor }, None);
        Assert.Equal(fromMerged.Append(fromSurvivor).Select(m => m.Id).Order(), survivorMessages.Items.Select(m => m.Id).Order());
        Assert.Empty((await session.Outbox.ListAsync(new OutboxQuery { CustomerId = merged }, None)).Items);
        Assert.Equal(bystander, (await session.Outbox.GetAsync(fromBystander.Id, None))?.CustomerId);
        Assert.Equal("m1@example.com", (await session.Outbox.GetAsync(fromMerged[0].Id, None))?.Recipient);
        await using var check = await provider.OpenSessionAsync("other", None);
        Assert.Single((await check.Outbox.ListAsync(new OutboxQuery { CustomerId = merged }, None)).Items);
    }

    private static Customer NewCustomer(string tenant, string firstName) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenant,
        FirstName = firstName,
        LastName = "Person",
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    private static OutboxMessage NewMessage(string tenant, Guid customerId, string recipient, string body) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenant,
        Channel = "email",
        CustomerId = customerId,
        Recipient = recipient,
        Subject = body,
        TextBody = body,
        IdempotencyKey = "k:" + Guid.NewGuid().ToString("N"),
        NextAttemptAt = Now,
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    /// <summary>Scans the raw bytes of the database, -wal and -shm files for each needle in UTF-8 and UTF-16.</summary>
    private List<string> FindTraces(string[] needles)
    {
        var found = new List<string>();
        foreach (var file in new[] { _database.Path, _database.Path + "-wal", _database.Path + "-shm" })
        {
            if (!File.Exists(file))
            {
                continue;
            }

            byte[] bytes;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                bytes = new byte[stream.Length];
                stream.ReadExactly(bytes);
            }

            foreach (var needle in needles)
            {
                foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode })
                {
                    if (bytes.AsSpan().IndexOf(encoding.GetBytes(needle)) >= 0)
                    {
                        found.Add($"{Path.GetFileName(file)}: {needle} ({encoding.WebName})");
                    }
                }
            }
        }

        return found;
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private async Task<string> ExplainAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in new[] { "@owner", "@until", "@now", "@max" }.Where(n => sql.Contains(n, StringComparison.Ordinal)))
        {
            command.Parameters.AddWithValue(name, name == "@owner" ? "engine" : 1L);
        }

        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(3));
        }

        return string.Join(Environment.NewLine, lines);
    }
}
