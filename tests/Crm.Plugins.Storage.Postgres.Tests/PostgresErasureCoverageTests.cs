using System.Text;
using System.Text.Json;
using Crm.Engine.Analytics;
using Crm.Engine.Campaigns;
using Crm.Engine.Channels;
using Crm.Engine.Loyalty;
using Crm.Engine.Sales;
using Crm.Engine.Scheduling;
using Crm.Engine.Storage;
using Crm.Engine.Support;
using Crm.Engine.Testing.Time;
using Crm.Plugins.Storage.Postgres.Tests.Server;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres.Tests;

/// <summary>
/// The PostgreSQL counterpart of the SQLite no-trace test: every kind of record that can carry the person's name, email
/// or phone is seeded through the engine's services (the outbox and the loyalty ledger, which need a channel adapter or
/// the loyalty plugin, through the storage session); after the erasure no row of any table holds the strings in any
/// text, JSON or array column (read through information_schema), no row version of any table does either (the purge's
/// VACUUM removed the dead ones), and the analytics report is unchanged.
/// </summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresErasureCoverageTests
{
    private const string Tenant = "privacy";
    private const string First = "Zebulon";
    private const string Last = "Quixotewright";
    private const string Email = "zebulon.quixotewright@example.org";
    private const string Phone = "+4915199887766";
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] Needles = [First, Last, Email, Phone, "99887766", "zq.twin@example.org", "zq.elder@example.org", "Zebulonstadt"];

    private static readonly string FollowUp = """
        {
          "schemaVersion": 1, "id": "erasure-followup", "version": 1, "entity": "customer", "initialState": "open",
          "triggers": { "note": { "payload": { "type": "object", "properties": { "text": { "type": "string" } } } } },
          "states": { "open": {}, "noted": {} },
          "transitions": [ { "from": "open", "trigger": "note", "to": "noted" } ]
        }
        """;

    [Fact]
    public async Task Erase_EveryKindOfRecord_NoColumnOfAnyTableAndNoRowVersionHoldsThePersonalData()
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        await using var provider = await CreateEngineAsync(connectionString);
        var crm = provider.GetRequiredService<ICrmEngine>().ForTenant(Tenant);
        await using var storage = new PostgresStorageProvider(new PostgresStorageOptions { ConnectionString = connectionString });
        var person = await SeedAsync(crm, storage);
        var query = new AnalyticsQuery(new ReportPeriod(Start.AddYears(-1), Start.AddDays(1)), "EUR");
        var before = JsonSerializer.Serialize(await crm.Analytics.BuildReportAsync(query));
        var columns = await FindInColumnsAsync(connectionString);
        Assert.All(Needles, n => Assert.Contains(columns, c => c.EndsWith(": " + n, StringComparison.Ordinal))); // the scan works

        var record = await crm.Privacy.EraseAsync(person.Id, "gdpr-art-17-request");

        columns = await FindInColumnsAsync(connectionString);
        Assert.True(columns.Count == 0, string.Join('\n', columns));
        var versions = await FindInRowVersionsAsync(connectionString);
        Assert.True(versions.Count == 0, string.Join('\n', versions));
        Assert.Equal(before, JsonSerializer.Serialize(await crm.Analytics.BuildReportAsync(query)));
        Assert.Equal((2L, 2L), (record.PurchasesKept, record.MergeSnapshotsRemoved)); // a purchase and the accepted quote's; elder into twin, twin into person
        var deal = Assert.Single((await crm.Deals.ListAsync(new DealQuery { CustomerId = person.Id })).Items);
        Assert.Equal(("", 5000m, DealStatus.Lost), (deal.Name, deal.Amount, deal.Status));
    }

    [Fact]
    public async Task Erase_FailingMidway_ErasesNothing_AndErasingTwiceThenLeavesNoTrace()
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        await using var provider = await CreateEngineAsync(connectionString);
        var crm = provider.GetRequiredService<ICrmEngine>().ForTenant(Tenant);
        await using var storage = new PostgresStorageProvider(new PostgresStorageOptions { ConnectionString = connectionString });
        var person = await SeedAsync(crm, storage);
        // The last statement of the erasure's batch fails, after the profile, interactions, messages and deals were rewritten.
        await ExecuteAsync(connectionString,
            "CREATE FUNCTION fail_erasure() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$; " +
            "CREATE TRIGGER fail_erasure BEFORE UPDATE OF payload ON workflow_history FOR EACH ROW EXECUTE FUNCTION fail_erasure();");

        var failure = await Assert.ThrowsAsync<PostgresException>(() => crm.Privacy.EraseAsync(person.Id, "gdpr-art-17-request"));

        Assert.Contains("injected failure", failure.MessageText, StringComparison.Ordinal);
        Assert.Equal((First, Last), ((await crm.Customers.GetAsync(person.Id))!.FirstName, (await crm.Customers.GetAsync(person.Id))!.LastName));
        Assert.Contains((await crm.Deals.ListAsync(new DealQuery { CustomerId = person.Id })).Items, d => d.Name.Contains(Last, StringComparison.Ordinal));
        Assert.Empty(await crm.Privacy.GetErasureLogAsync());
        var kept = await FindInColumnsAsync(connectionString);
        Assert.All(Needles, n => Assert.Contains(kept, c => c.EndsWith(": " + n, StringComparison.Ordinal))); // rolled back: all still there

        await ExecuteAsync(connectionString, "DROP TRIGGER fail_erasure ON workflow_history;");
        var first = await crm.Privacy.EraseAsync(person.Id, "gdpr-art-17-request");
        var second = await crm.Privacy.EraseAsync(person.Id, "gdpr-art-17-request");

        var columns = await FindInColumnsAsync(connectionString);
        Assert.True(columns.Count == 0, string.Join('\n', columns));
        Assert.Equal(new[] { first.Id, second.Id }.Order(), (await crm.Privacy.GetErasureLogAsync()).Select(e => e.Id).Order()); // same instant: the log's order between them is the ids'
        Assert.Equal((2L, 0L), (first.MergeSnapshotsRemoved, second.MergeSnapshotsRemoved));
    }

    private static async Task<ServiceProvider> CreateEngineAsync(string connectionString)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(new ManualTimeProvider(Start));
        services.AddCrmEngine()
            .UsePostgresStorage(o => o.ConnectionString = connectionString)
            .AddWorkflow(FollowUp)
            .ConfigureSupport(o => o.AlertRules.Add(new AlertRule { Name = "big-spender", Condition = """{"field":"purchaseCount","op":"gte","value":1}""", EvaluateOnInteraction = false, Message = $"Call {First} {Last} back" }));
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<ICrmEngine>().InitializeAsync();
        return provider;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<Customer> SeedAsync(ICrmContext crm, PostgresStorageProvider storage)
    {
        var person = await crm.Customers.CreateAsync(new Customer
        {
            FirstName = First,
            LastName = Last,
            Company = Last + " Holdings",
            Emails = [Email],
            Phones = [Phone],
            Demographics = new Demographics { City = "Zebulonstadt", Country = "DE" },
        });
        person = await crm.Customers.UpdateAsync(person with { Tags = ["vip", Last] });
        var elder = await crm.Customers.CreateAsync(new Customer { FirstName = First, LastName = Last, Emails = ["zq.elder@example.org"] });
        var twin = await crm.Customers.CreateAsync(new Customer { FirstName = First, LastName = Last + "s", Emails = ["zq.twin@example.org"] });
        await crm.Duplicates.MergeAsync(twin.Id, elder.Id, new MergeOptions { DefaultRule = SurvivorshipRule.PreferSurvivor });
        await crm.Duplicates.MergeAsync(person.Id, twin.Id, new MergeOptions { DefaultRule = SurvivorshipRule.PreferSurvivor });
        var other = await crm.Customers.CreateAsync(new Customer { FirstName = "Other", LastName = "Person", Emails = ["other@example.com"] });

        await crm.Interactions.RecordAsync(new Interaction { CustomerId = person.Id, Channel = "phone", OccurredAt = Start.AddDays(-2), Subject = $"{First} called", Body = $"From {Phone}", ExternalId = $"<call.{Email}>" });
        await crm.Interactions.RecordAsync(new Interaction { CustomerId = other.Id, Channel = "phone", OccurredAt = Start.AddDays(-2), Subject = "Other called" });
        await crm.Purchases.RecordAsync(new Purchase { CustomerId = person.Id, PurchasedAt = Start.AddDays(-3), Currency = "EUR", Lines = [new PurchaseLine("sku-1", "Widget", 1, 40m)] });
        await crm.Privacy.RecordConsentAsync(person.Id, "email", "marketing", ConsentStatus.Granted, "form:" + Email);

        await crm.Leads.CaptureAsync(person.Id, new LeadSource(LeadSourceKind.WebForm, "web"));
        await crm.Leads.QualifyAsync(person.Id, new BantQualification(Budget: 5000m, BudgetCurrency: "EUR", HasAuthority: true, Need: $"{First} needs ten seats"));
        var pipeline = await crm.Deals.SavePipelineAsync(new Pipeline
        {
            Name = "New business",
            Stages = [new("prospecting", "Prospecting", 10), new("won", "Won", 100, DealStatus.Won), new("lost", "Lost", 0, DealStatus.Lost)],
        });
        var converted = await crm.Leads.ConvertAsync(person.Id, new LeadConversion(pipeline.Id, $"{First} {Last} - ten seats", 5000m, "EUR"));
        await crm.Deals.MoveStageAsync(converted.Deal.Id, "lost", $"{First} went with a competitor");
        var quote = await crm.Quotes.CreateAsync(new Quote { CustomerId = person.Id, Currency = "EUR", Lines = [new QuoteLine("eng", $"Engraving: {First} {Last}", 1, 20m)] });
        await crm.Quotes.AcceptAsync(quote.Id);

        await crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = person.Id, Subject = $"{First} {Last} cannot log in", Description = $"Reach them at {Email}." });
        Assert.NotEmpty((await crm.Alerts.EvaluateAsync("big-spender")).Raised);
        await crm.Campaigns.SuppressAddressAsync(Email, SuppressionReason.Unsubscribed);
        await crm.Reminders.ScheduleAsync(new ReminderRequest { CustomerId = person.Id, Key = "call-back", Note = $"Call {First} on {Phone}", DueAt = Start.AddDays(30) });
        var instance = await crm.Workflows.StartAsync("erasure-followup", person.Id);
        await crm.Workflows.FireAsync(instance.Id, "note", $$"""{"text":"{{First}} asked to be called on {{Phone}}"}""");
        await crm.Segments.ComputeRfmAsync();

        await using var session = await storage.OpenSessionAsync(Tenant, CancellationToken.None);
        await session.Loyalty.AppendAsync(new LoyaltyLedgerEntry { Id = Guid.NewGuid(), CustomerId = person.Id, Kind = LoyaltyEntryKind.Adjust, Points = 25, IdempotencyKey = "goodwill-1", Reason = $"Goodwill for {First} {Last}", OccurredAt = Start }, CancellationToken.None);
        foreach (var (customer, body) in new (Guid?, string)[] { (person.Id, $"Dear {First} {Last}, we will call {Phone}."), (elder.Id, $"Dear {First}"), (null, $$"""{"event":"customerUpdated","customer":"{{person.Id}}","lastName":"{{Last}}"}""") })
        {
            await session.Outbox.EnqueueAsync(new OutboxMessage
            {
                Id = Guid.NewGuid(),
                TenantId = Tenant,
                Channel = "email",
                CustomerId = customer,
                Recipient = customer is null ? "https://erp.example/hook" : Email,
                Subject = "Hello",
                TextBody = body,
                IdempotencyKey = "seed:" + Guid.NewGuid(),
                NextAttemptAt = Start.AddDays(30),
                CreatedAt = Start,
                UpdatedAt = Start,
            }, CancellationToken.None);
        }

        return person;
    }

    /// <summary>Every row of every table whose text, JSON or array columns (cast to text) contain a needle, in any case.</summary>
    private static async Task<List<string>> FindInColumnsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column)>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' " +
            "AND (data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY', 'tsvector')) ORDER BY table_name, ordinal_position;", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        Assert.Contains(columns, c => c == ("sales_deals", "doc")); // the catalogue read found the JSON documents
        var found = new List<string>();
        foreach (var (table, column) in columns)
        {
            foreach (var needle in Needles)
            {
                await using var find = new NpgsqlCommand($"SELECT COUNT(*) FROM \"{table}\" WHERE strpos(lower(\"{column}\"::text), lower(@needle)) > 0;", connection);
                find.Parameters.AddWithValue("needle", needle);
                if ((long)(await find.ExecuteScalarAsync())! > 0)
                {
                    found.Add($"{table}.{column}: {needle}");
                }
            }
        }

        return found;
    }

    /// <summary>Reads every row version (live or dead) stored in the pages of every table and TOAST table.</summary>
    private static async Task<List<string>> FindInRowVersionsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var extension = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pageinspect;", connection))
        {
            await extension.ExecuteNonQueryAsync();
        }

        var relations = new List<(string Name, long Blocks)>();
        await using (var list = new NpgsqlCommand(
            "SELECT c.oid::regclass::text, pg_relation_size(c.oid) / current_setting('block_size')::int FROM pg_class c " +
            "WHERE c.relkind IN ('r', 't') AND c.oid >= 16384 AND c.relpersistence = 'p';", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                relations.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        var found = new List<string>();
        foreach (var (name, blocks) in relations)
        {
            for (var block = 0L; block < blocks; block++)
            {
                await using var read = new NpgsqlCommand("SELECT t_data FROM heap_page_items(get_raw_page(@relation, 'main', @block)) WHERE t_data IS NOT NULL;", connection);
                read.Parameters.AddWithValue("relation", name);
                read.Parameters.AddWithValue("block", block);
                await using var reader = await read.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var text = Encoding.Latin1.GetString(reader.GetFieldValue<byte[]>(0)).ToLowerInvariant();
                    found.AddRange(Needles.Where(n => text.Contains(n.ToLowerInvariant(), StringComparison.Ordinal)).Select(n => $"{name} block {block}: {n}"));
                }
            }
        }

        return found;
    }
}
