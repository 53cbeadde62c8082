using Crm.Engine.Channels;
using Crm.Engine.Scheduling;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Postgres.Tests.Server;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres.Tests;

/// <summary>
/// What the outbox and job kits cannot see on PostgreSQL: claims skip rows other claimers hold instead of waiting,
/// duplicates never abort the caller's transaction, the claim plans use the partial due indexes, and how erasure and
/// merges treat the outbox.
/// </summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresOutboxStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Claims_RowsLockedByAnotherTransaction_AreSkippedWithoutWaiting()
    {
        await using var provider = await PostgresStorageProviderTests.NewProviderAsync();
        var messages = new List<OutboxMessage>();
        var jobs = new List<ScheduledJob>();
        await using (var session = await provider.OpenSessionAsync("t", None))
        {
            for (var i = 0; i < 3; i++)
            {
                messages.Add(await session.Outbox.EnqueueAsync(NewMessage("t", Guid.NewGuid(), "a@example.com", "m") with { NextAttemptAt = Now.AddSeconds(i) }, None));
                jobs.Add(await session.Jobs.ScheduleAsync(NewJob("t", "job-" + i, Now.AddSeconds(i)), replace: false, None));
            }
        }

        // Another engine is in the middle of claiming the earliest message and job: their rows stay locked until it ends.
        await using var blocker = new NpgsqlConnection(provider.DataSource.ConnectionString);
        await blocker.OpenAsync();
        await using var held = await blocker.BeginTransactionAsync();
        await using (var lockRows = new NpgsqlCommand("SELECT 1 FROM outbox_messages WHERE id = @m FOR UPDATE; SELECT 1 FROM scheduled_jobs WHERE id = @j FOR UPDATE;", blocker, held))
        {
            lockRows.Parameters.AddWithValue("m", messages[0].Id);
            lockRows.Parameters.AddWithValue("j", jobs[0].Id);
            await lockRows.ExecuteNonQueryAsync();
        }

        // A claim that waited for the locks would run into this limit instead of returning.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var claim = new LeaseClaim(Now.AddMinutes(1), "engine-b", TimeSpan.FromMinutes(5), 10);
        Assert.Equal([messages[1].Id, messages[2].Id], (await provider.ClaimDueOutboxMessagesAsync(claim, limit.Token)).Select(c => c.Message.Id));
        Assert.Equal([jobs[1].Id, jobs[2].Id], (await provider.ClaimDueJobsAsync(claim, limit.Token)).Select(c => c.Job.Id));

        await held.RollbackAsync();
        var later = claim with { LeaseOwner = "engine-c" };
        Assert.Equal(messages[0].Id, Assert.Single(await provider.ClaimDueOutboxMessagesAsync(later, None)).Message.Id);
        Assert.Equal(jobs[0].Id, Assert.Single(await provider.ClaimDueJobsAsync(later, None)).Job.Id);
    }

    [Fact]
    public async Task WritesInsideATransaction_DuplicatesAndLostLeases_NeverAbortIt()
    {
        await using var provider = await PostgresStorageProviderTests.NewProviderAsync();
        var customer = PostgresStorageProviderTests.Customer("t", 1);
        var message = NewMessage("t", customer.Id, "ada@example.com", "Welcome");
        var job = NewJob("t", "follow-up", Now);
        await using (var session = await provider.OpenSessionAsync("t", None))
        {
            await using var transaction = await session.BeginTransactionAsync(None);
            await session.Customers.InsertAsync(customer, None);
            await session.Outbox.EnqueueAsync(message, None);
            await session.Jobs.ScheduleAsync(job, replace: false, None);

            // Each of these meets a unique key; in PostgreSQL a unique violation would abort the whole transaction.
            Assert.Equal(message.Id, (await session.Outbox.EnqueueAsync(message with { Id = Guid.NewGuid() }, None)).Id);
            await Assert.ThrowsAsync<CrmDuplicateException>(() => session.Outbox.EnqueueAsync(message with { IdempotencyKey = "other" }, None));
            Assert.Equal(job.Id, (await session.Jobs.ScheduleAsync(job with { Id = Guid.NewGuid(), DueAt = Now.AddDays(1) }, replace: false, None)).Id);
            await Assert.ThrowsAsync<CrmDuplicateException>(() => session.Jobs.ScheduleAsync(job with { Key = "other" }, replace: false, None));
            await Assert.ThrowsAsync<CrmDuplicateException>(() => session.Jobs.ScheduleAsync(job with { Key = "other" }, replace: true, None));
            Assert.True(await session.Inbound.TryRecordReceiptAsync("email", "<1@example.com>", Guid.NewGuid(), Now, None));
            Assert.False(await session.Inbound.TryRecordReceiptAsync("email", "<1@example.com>", Guid.NewGuid(), Now, None));
            var attempt = new OutboxAttempt(message.Id, 1, Now, OutboxAttemptOutcome.Delivered, null, "p-1", TimeSpan.FromMilliseconds(5));
            Assert.False(await session.Outbox.RecordAttemptAsync(new OutboxAttemptResult(attempt, "engine-a", OutboxStatus.Delivered, Now, null), None));
            Assert.False(await session.Jobs.CompleteAsync(new ScheduledJobOutcome(job.Id, "engine-a", ScheduledJobStatus.Completed, null, 0, null, Now), None));

            await transaction.CommitAsync(None);
        }

        await using var check = await provider.OpenSessionAsync("t", None);
        Assert.NotNull(await check.Customers.GetAsync(customer.Id, None));
        Assert.Equal(OutboxStatus.Pending, (await check.Outbox.GetAsync(message.Id, None))!.Status);
        Assert.Null(await check.Outbox.FindByIdempotencyKeyAsync("other", None));
        Assert.Equal(Now, (await check.Jobs.FindByKeyAsync("follow-up", None))!.DueAt);
        Assert.Null(await check.Jobs.FindByKeyAsync("other", None));
        Assert.NotNull(await check.Inbound.FindReceiptAsync("email", "<1@example.com>", None));
    }

    [Theory]
    [InlineData(PostgresStorageProvider.ClaimOutboxSql, "ix_outbox_messages_due")]
    [InlineData(PostgresStorageProvider.ClaimJobsSql, "ix_scheduled_jobs_due")]
    [InlineData(PostgresStorageProvider.NextOutboxDueSql, "ix_outbox_messages_due", "ix_outbox_messages_leased")]
    [InlineData(PostgresStorageProvider.NextJobDueSql, "ix_scheduled_jobs_due", "ix_scheduled_jobs_leased")]
    public async Task ClaimAndNextDue_Plans_ReadOnlyThePartialIndexes(string sql, params string[] indexes)
    {
        await using var provider = await PostgresStorageProviderTests.NewProviderAsync();
        await using var connection = new NpgsqlConnection(provider.DataSource.ConnectionString);
        await connection.OpenAsync();
        await using (var setup = new NpgsqlCommand("ANALYZE; SET enable_seqscan = off;", connection))
        {
            await setup.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand("EXPLAIN " + sql, connection);
        explain.Parameters.AddWithValue("now", Now);
        explain.Parameters.AddWithValue("now_tick", (short)0);
        explain.Parameters.AddWithValue("max", 10);
        explain.Parameters.AddWithValue("owner", "engine-a");
        explain.Parameters.AddWithValue("until", Now.AddMinutes(1));
        explain.Parameters.AddWithValue("until_tick", (short)0);
        var lines = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        var plan = string.Join('\n', lines);
        Assert.All(indexes, index => Assert.Contains(index, plan, StringComparison.Ordinal));
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erase_DeletesTheCustomersOutboxMessagesAttemptsAndReceiptsOnly()
    {
        await using var provider = await PostgresStorageProviderTests.NewProviderAsync();
        var person = PostgresStorageProviderTests.Customer("t", 1);
        var other = PostgresStorageProviderTests.Customer("t", 2);
        var interaction = new Interaction { Id = Guid.NewGuid(), TenantId = "t", CustomerId = person.Id, Channel = "email", OccurredAt = Now, CreatedAt = Now };
        var queued = NewMessage("t", person.Id, "zebulon@example.org", "Dear Zebulon");
        var sent = NewMessage("t", person.Id, "zebulon@example.org", "Second letter");
        var kept = NewMessage("t", other.Id, "other@example.com", "Dear Other");
        await using var session = await provider.OpenSessionAsync("t", None);
        await session.Customers.InsertAsync(person, None);
        await session.Customers.InsertAsync(other, None);
        await session.Interactions.InsertAsync(interaction, None);
        Assert.True(await session.Inbound.TryRecordReceiptAsync("email", "<1.zebulon@example.org>", interaction.Id, Now, None));
        Assert.True(await session.Inbound.TryRecordReceiptAsync("email", "<kept@example.com>", Guid.NewGuid(), Now, None));
        foreach (var message in new[] { queued, sent, kept })
        {
            await session.Outbox.EnqueueAsync(message, None);
        }

        Assert.Equal(3, (await provider.ClaimDueOutboxMessagesAsync(new LeaseClaim(Now, "engine-a", TimeSpan.FromMinutes(5), 10), None)).Count);
        var attempt = new OutboxAttempt(sent.Id, 1, Now, OutboxAttemptOutcome.Delivered, null, "<sent.zebulon@example.org>", TimeSpan.FromSeconds(1));
        Assert.True(await session.Outbox.RecordAttemptAsync(new OutboxAttemptResult(attempt, "engine-a", OutboxStatus.Delivered, Now, null), None));
        Assert.True(await session.Outbox.RecordAttemptAsync(new OutboxAttemptResult(attempt with { MessageId = kept.Id }, "engine-a", OutboxStatus.Delivered, Now, null), None));

        await session.Privacy.EraseAsync(new ErasureRecord(Guid.NewGuid(), person.Id, Now, "admin", "gdpr-art-17-request"), None);
        await session.Privacy.PurgeAsync(None);

        Assert.Null(await session.Outbox.GetAsync(queued.Id, None));
        Assert.Null(await session.Outbox.GetAsync(sent.Id, None));
        Assert.Empty(await session.Outbox.GetAttemptsAsync(sent.Id, None));
        Assert.Null(await session.Inbound.FindReceiptAsync("email", "<1.zebulon@example.org>", None));
        Assert.NotNull(await session.Inbound.FindReceiptAsync("email", "<kept@example.com>", None));
        Assert.Equal(OutboxStatus.Delivered, (await session.Outbox.GetAsync(kept.Id, None))?.Status);
        Assert.Single(await session.Outbox.GetAttemptsAsync(kept.Id, None));
    }

    [Fact]
    public async Task Merge_RepointsTheMergedCustomersOutboxMessagesToTheSurvivor()
    {
        await using var provider = await PostgresStorageProviderTests.NewProviderAsync();
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
        await using var check = await provider.OpenSessionAsync("other", None);
        Assert.Single((await check.Outbox.ListAsync(new OutboxQuery { CustomerId = merged }, None)).Items);
    }

    private static OutboxMessage NewMessage(string tenant, Guid customerId, string recipient, string body) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenant,
        Channel = "email",
        CustomerId = customerId,
        Recipient = recipient,
        TextBody = body,
        IdempotencyKey = "msg:" + Guid.NewGuid().ToString("N"),
        Status = OutboxStatus.Pending,
        NextAttemptAt = Now,
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    private static ScheduledJob NewJob(string tenant, string key, DateTimeOffset due) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenant,
        Kind = "reminder",
        Key = key,
        DueAt = due,
        Status = ScheduledJobStatus.Pending,
        CreatedAt = due,
        UpdatedAt = due,
    };
}
