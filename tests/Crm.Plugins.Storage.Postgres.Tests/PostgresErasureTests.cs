using System.Text;
using Crm.Engine.Channels;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Postgres.Tests.Server;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres.Tests;

/// <summary>
/// Checks what an erasure leaves in the database's pages, read raw through the pageinspect extension: PostgreSQL
/// keeps old row versions until VACUUM, so the provider's purge vacuums the tables the erasure rewrote.
/// </summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresErasureTests
{
    private const string Tenant = "privacy";
    private const string First = "Zebulon";
    private const string Last = "Quixotewright";
    private const string Email = "zebulon.quixotewright@example.org";
    private const string Phone = "+4915199887766";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] Needles = [First, Last, Email, Phone, "zq.private@example.net", "Zebulonstadt", "crm-zq-1"];
    // What the purge vacuums: every table the erasure rewrites or deletes from (PostgresCustomerErasure.Statements).
    private static readonly string[] ErasedTables =
    [
        "interactions", "merge_records", "customers", "audit_log", "inbound_receipts", "outbox_messages", "outbox_attempts", "scheduled_jobs", "suppressed_addresses",
        "support_cases", "support_alerts", "survey_responses", "sales_leads", "sales_deals", "sales_quotes", "purchase_lines", "consents", "loyalty_ledger", "workflow_history",
    ];

    [Fact]
    public async Task EraseThenPurge_Vacuum_NoRowVersionOfTheErasedTablesHoldsThePersonalData()
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        await using var provider = new PostgresStorageProvider(new PostgresStorageOptions { ConnectionString = connectionString });
        var personId = await SeedAsync(provider);
        Assert.NotEmpty(await FindInRowVersionsAsync(connectionString)); // the scan works: the data is there before

        await EraseAsync(provider, personId);

        var traces = await FindInRowVersionsAsync(connectionString);
        Assert.True(traces.Count == 0, string.Join('\n', traces));
    }

    [Fact]
    public async Task EraseThenPurge_VacuumFull_NoPageOfAnyTableToastOrIndexHoldsThePersonalData()
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        await using var provider = new PostgresStorageProvider(new PostgresStorageOptions { ConnectionString = connectionString, ErasurePurge = PostgresErasurePurge.VacuumFull });
        var personId = await SeedAsync(provider);
        Assert.NotEmpty(await FindInPagesAsync(connectionString));

        await EraseAsync(provider, personId);

        var traces = await FindInPagesAsync(connectionString);
        Assert.True(traces.Count == 0, string.Join('\n', traces));
    }

    [Fact]
    public async Task Purge_RoleThatDoesNotOwnTheTables_LogsThatTheVacuumWasSkipped()
    {
        var cluster = await PostgresServer.GetAsync();
        var connectionString = await cluster.CreateDatabaseAsync();
        var role = "app_" + Guid.NewGuid().ToString("N")[..8];
        await using (var owner = new PostgresStorageProvider(new PostgresStorageOptions { ConnectionString = connectionString }))
        {
            await owner.InitializeAsync(None);
        }

        await ExecuteAsync(connectionString,
            $"CREATE ROLE {role} LOGIN; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};");
        var logger = new RecordingLogger();
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Username = role };
        await using var provider = new PostgresStorageProvider(new PostgresStorageOptions { ConnectionString = builder.ConnectionString }, logger: logger);
        var personId = await SeedAsync(provider, initialize: false);

        await EraseAsync(provider, personId);

        Assert.Equal(ErasedTables.Length, logger.EventIds.Count(id => id == 1405));
        Assert.NotEmpty(await FindInRowVersionsAsync(connectionString)); // what the warning is about: the old versions remain
        Assert.All(ErasedTables, table => Assert.Contains(logger.Messages, m => m.Contains(table, StringComparison.Ordinal)));
    }

    private static async Task<Guid> SeedAsync(PostgresStorageProvider provider, bool initialize = true)
    {
        if (initialize)
        {
            await provider.InitializeAsync(None);
        }

        await using var session = await provider.OpenSessionAsync(Tenant, None);
        var person = await session.Customers.InsertAsync(new Customer
        {
            Id = Guid.NewGuid(),
            TenantId = Tenant,
            FirstName = First,
            LastName = Last,
            ExternalId = "crm-zq-1",
            Emails = [Email, "zq.private@example.net"],
            Phones = [Phone],
            Demographics = new Demographics { City = "Zebulonstadt", Country = "DE" },
            Attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { ["nickname"] = "Zebby " + Last },
            CreatedAt = Now,
            UpdatedAt = Now,
        }, None);
        // An earlier version of the row is a second copy the purge must remove too.
        await session.Customers.UpdateAsync(person with { Tags = ["vip", Last] }, None);
        await session.Customers.InsertAsync(new Customer { Id = Guid.NewGuid(), TenantId = Tenant, FirstName = "Other", LastName = "Person", Emails = ["other@example.com"], CreatedAt = Now, UpdatedAt = Now }, None);
        for (var i = 0; i < 3; i++)
        {
            await session.Interactions.InsertAsync(new Interaction
            {
                Id = Guid.NewGuid(),
                TenantId = Tenant,
                CustomerId = person.Id,
                Channel = "email",
                OccurredAt = Now.AddDays(-i),
                Subject = $"Re: order for {First} {Last}",
                // Long and varied enough to be stored out of line (TOAST) rather than compressed in the row.
                Body = $"Dear {First}, call me on {Phone} or write to {Email}. " + string.Concat(Enumerable.Range(0, 800).Select(_ => Guid.NewGuid().ToString("N")[..8])),
                ExternalId = $"<{i}.{Email}>",
                Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["from"] = Email },
                CreatedAt = Now,
            }, None);
        }

        // An audit record of the person's update, with their data in its values: erasure empties them (as the engine does).
        await session.Audit.AppendAsync([new Crm.Engine.Security.AuditRecord
        {
            Id = Guid.NewGuid(), TenantId = Tenant, OccurredAt = Now, Actor = "clerk", Origin = "direct", RecordType = "Customer",
            RecordId = person.Id.ToString(), Action = "CustomerUpdated", CustomerId = person.Id,
            Changes = [new Crm.Engine.Security.AuditFieldChange("lastName", null, Last), new Crm.Engine.Security.AuditFieldChange("emails", null, Email)],
        }], None);
        await session.Merges.InsertRecordAsync(new MergeRecord(Guid.NewGuid(), person.Id, Guid.NewGuid(), Now, "user") { MergedSnapshotJson = $$"""{"lastName":"{{Last}}s","email":"{{Email}}"}""" }, None);

        // A message sent to the person (with its attempt) and the receipt of one it sent: erasure deletes them.
        var message = await session.Outbox.EnqueueAsync(new OutboxMessage
        {
            Id = Guid.NewGuid(),
            TenantId = Tenant,
            Channel = "email",
            CustomerId = person.Id,
            Recipient = Email,
            Subject = $"Your order, {First} {Last}",
            TextBody = $"Dear {First}, we will call {Phone}.",
            IdempotencyKey = "order-confirmation:1",
            NextAttemptAt = Now,
            CreatedAt = Now,
            UpdatedAt = Now,
        }, None);
        Assert.Single(await provider.ClaimDueOutboxMessagesAsync(new LeaseClaim(Now, "engine", TimeSpan.FromMinutes(1), 10), None));
        var attempt = new OutboxAttempt(message.Id, 1, Now, OutboxAttemptOutcome.Delivered, null, $"<1.{Email}>", TimeSpan.FromSeconds(1));
        Assert.True(await session.Outbox.RecordAttemptAsync(new OutboxAttemptResult(attempt, "engine", OutboxStatus.Delivered, Now, null), None));
        var interactions = await session.Interactions.GetTimelineAsync(person.Id, PageRequest.First, None);
        Assert.True(await session.Inbound.TryRecordReceiptAsync("email", $"<reply.{Email}>", interactions.Items[0].Id, Now, None));
        return person.Id;
    }

    private static async Task EraseAsync(PostgresStorageProvider provider, Guid personId)
    {
        await using var session = await provider.OpenSessionAsync(Tenant, None);
        await using (var transaction = await session.BeginTransactionAsync(None))
        {
            var record = await session.Privacy.EraseAsync(new ErasureRecord(Guid.NewGuid(), personId, Now, "dpo", "gdpr"), None);
            Assert.Equal((3L, 1L), (record.InteractionsAnonymized, record.MergeSnapshotsRemoved));
            Assert.Equal(0, await session.Audit.RedactCustomerAsync(personId, None)); // the store's erasure emptied the record already (as it does for merged-away customers' records)
            await transaction.CommitAsync(None);
        }

        await session.Privacy.PurgeAsync(None);
    }

    /// <summary>Reads every row version (live or dead) stored in the pages of the erased tables and their TOAST tables.</summary>
    private static async Task<List<string>> FindInRowVersionsAsync(string connectionString)
    {
        var relations = await RelationsAsync(connectionString,
            "c.oid = ANY(@tables::regclass[]) OR c.oid IN (SELECT reltoastrelid FROM pg_class WHERE oid = ANY(@tables::regclass[]))");
        return await ScanAsync(connectionString, relations, "SELECT t_data FROM heap_page_items(get_raw_page(@relation, 'main', @block)) WHERE t_data IS NOT NULL;");
    }

    /// <summary>Reads every page, free space included, of every table, TOAST table and index of the database.</summary>
    private static async Task<List<string>> FindInPagesAsync(string connectionString)
    {
        var relations = await RelationsAsync(connectionString, "c.relkind IN ('r', 't', 'i') AND c.oid >= 16384 AND c.relpersistence = 'p'");
        return await ScanAsync(connectionString, relations, "SELECT get_raw_page(@relation, 'main', @block);");
    }

    private static async Task<List<(string Name, long Blocks)>> RelationsAsync(string connectionString, string where)
    {
        await ExecuteAsync(connectionString, "CREATE EXTENSION IF NOT EXISTS pageinspect;");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var list = new NpgsqlCommand(
            $"SELECT c.oid::regclass::text, pg_relation_size(c.oid) / current_setting('block_size')::int FROM pg_class c WHERE {where};", connection);
        list.Parameters.AddWithValue("tables", ErasedTables);
        var relations = new List<(string Name, long Blocks)>();
        await using var reader = await list.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            relations.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return relations;
    }

    private static async Task<List<string>> ScanAsync(string connectionString, List<(string Name, long Blocks)> relations, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var found = new List<string>();
        foreach (var (name, blocks) in relations)
        {
            for (var block = 0L; block < blocks; block++)
            {
                await using var read = new NpgsqlCommand(sql, connection);
                read.Parameters.AddWithValue("relation", name);
                read.Parameters.AddWithValue("block", block);
                await using var reader = await read.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var bytes = reader.GetFieldValue<byte[]>(0);
                    found.AddRange(Needles.Where(n => bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(n)) >= 0).Select(n => $"{name} block {block}: {n}"));
                }
            }
        }

        return found;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
