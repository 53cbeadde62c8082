using System.Text;
using System.Text.Json;
using Crm.Engine.Analytics;
using Crm.Engine.Campaigns;
using Crm.Engine.Channels;
using Crm.Engine.Feedback;
using Crm.Engine.Loyalty;
using Crm.Engine.Sales;
using Crm.Engine.Scheduling;
using Crm.Engine.Support;
using Crm.Engine.Tests.Security;
using Microsoft.Data.Sqlite;

namespace Crm.Engine.Tests.Privacy;

/// <summary>
/// Erasure across every kind of record that can carry a person's name, email or phone, seeded through the public
/// services as an application would: nothing of it may remain in the SQLite database, -wal or -shm file, the anonymous
/// aggregates must not move, a merge chain and a converted lead are reached, and a failure midway erases nothing.
/// </summary>
public sealed class ErasureCoverageTests
{
    private const string First = "Zebulon";
    private const string Last = "Quixotewright";
    private const string Email = "zebulon.quixotewright@example.org";
    private const string Phone = "+4915199887766";
    private const string WorkflowId = "erasure-followup";

    private static readonly string[] Needles = [First, Last, Email, Phone, "99887766", "zq.twin@example.org", "zq.elder@example.org", "Zebulonstadt"];

    private static readonly string FollowUp = $$"""
        {
          "schemaVersion": 1, "id": "{{WorkflowId}}", "version": 1, "entity": "customer", "initialState": "open",
          "triggers": { "note": { "payload": { "type": "object", "properties": { "text": { "type": "string" } } } } },
          "states": { "open": {}, "noted": {} },
          "transitions": [ { "from": "open", "trigger": "note", "to": "noted" } ]
        }
        """;

    [Fact]
    public async Task Erase_EveryKindOfRecord_LeavesNoTraceInTheDatabaseFiles_AndKeepsTheAnalyticsReport()
    {
        await using var host = await CreateHostAsync();
        var crm = host.System("privacy");
        var person = await SeedAsync(host);
        var report = new AnalyticsQuery(new ReportPeriod(TestEngine.Start.AddYears(-1), TestEngine.Start.AddDays(1)), "EUR");
        var before = await AggregatesAsync(crm, report);
        var balance = (await crm.Loyalty.GetAccountAsync(person.Id))!.Balance;
        var traces = FindTraces(host.Host.Engine, Needles);
        Assert.All(Needles, n => Assert.Contains(traces, t => t.Contains(": " + n + " ", StringComparison.Ordinal))); // the scan works: every needle is there before

        var record = await crm.Privacy.EraseAsync(person.Id, "gdpr-art-17-request");

        traces = FindTraces(host.Host.Engine, Needles);
        Assert.True(traces.Count == 0, string.Join('\n', traces));
        Assert.Equal(before, await AggregatesAsync(crm, report));
        var timeline = (await crm.Interactions.GetTimelineAsync(person.Id)).Items;
        Assert.True(timeline.Count >= 3); // the call, the reminder's task, the inbound reply (and any delivery records)
        Assert.All(timeline, i => Assert.True(i.Subject is null && i.Body is null && i.ExternalId is null));
        Assert.Equal((timeline.Count, 2L), (record.InteractionsAnonymized, record.PurchasesKept)); // 1 recorded + 1 from the accepted quote
        Assert.Equal(2L, record.MergeSnapshotsRemoved); // elder into twin, twin into person
        Assert.Equal(person.Id, Assert.Single(await crm.Privacy.GetErasureLogAsync()).CustomerId);

        // The records stay, for the aggregates: the deal with its amount and stage history, the ledger's points, the quote's totals.
        var deal = Assert.Single((await crm.Deals.ListAsync(new DealQuery { CustomerId = person.Id })).Items);
        Assert.Equal(("", 5000m), (deal.Name, deal.Amount));
        Assert.Equal(2, (await crm.Deals.GetStageHistoryAsync(deal.Id)).Count);
        Assert.Equal(balance, (await crm.Loyalty.GetAccountAsync(person.Id))!.Balance);
        Assert.True(balance >= 25);
        Assert.All((await crm.Loyalty.GetLedgerAsync(person.Id)).Items, e => Assert.Equal("", e.Reason));
        Assert.Null((await crm.Leads.GetAsync(person.Id))!.Bant.Need);
    }

    [Fact]
    public async Task Erase_Twice_SucceedsBothTimesAndLogsEach_AndStillLeavesNoTrace()
    {
        await using var host = await CreateHostAsync();
        var crm = host.System("privacy");
        var person = await SeedAsync(host);

        var first = await crm.Privacy.EraseAsync(person.Id, "gdpr-art-17-request");
        var second = await crm.Privacy.EraseAsync(person.Id, "gdpr-art-17-request");

        Assert.Empty(FindTraces(host.Host.Engine, Needles));
        Assert.Equal(new[] { first.Id, second.Id }.Order(), (await crm.Privacy.GetErasureLogAsync()).Select(e => e.Id).Order()); // same instant: the log's order between them is the ids'
        Assert.Equal(0L, second.MergeSnapshotsRemoved); // nothing left to remove
        Assert.Equal(("", ""), ((await crm.Customers.GetAsync(person.Id))!.FirstName, (await crm.Customers.GetAsync(person.Id))!.LastName));
    }

    [Fact]
    public async Task Erase_FailingMidway_ErasesNothing()
    {
        await using var host = await CreateHostAsync();
        var crm = host.System("privacy");
        var person = await SeedAsync(host);
        // A statement late in the erasure fails (after the profile, interactions and messages were rewritten).
        await ExecuteAsync(host.Host.Engine, "CREATE TRIGGER fail_erasure BEFORE UPDATE OF payload ON workflow_history BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");

        await Assert.ThrowsAnyAsync<SqliteException>(() => crm.Privacy.EraseAsync(person.Id, "gdpr-art-17-request"));

        var kept = (await crm.Customers.GetAsync(person.Id))!;
        Assert.Equal((First, Last), (kept.FirstName, kept.LastName));
        Assert.All((await crm.Interactions.GetTimelineAsync(person.Id)).Items, i => Assert.NotNull(i.Subject));
        Assert.Contains((await crm.Deals.ListAsync(new DealQuery { CustomerId = person.Id })).Items, d => d.Name.Contains(Last, StringComparison.Ordinal));
        Assert.Empty(await crm.Privacy.GetErasureLogAsync());

        await ExecuteAsync(host.Host.Engine, "DROP TRIGGER fail_erasure;");
        await crm.Privacy.EraseAsync(person.Id, "gdpr-art-17-request"); // and a retry then completes
        Assert.Empty(FindTraces(host.Host.Engine, Needles));
    }

    private static Task<SecureHost> CreateHostAsync() =>
        SecureHost.CreateAsync(builder: b => b
            .AddLoyaltyPoints(o => o.PointsPerCurrencyUnit = 1m)
            .AddWorkflow(FollowUp)
            .ConfigureSupport(o => o.AlertRules.Add(new AlertRule
            {
                Name = "big-spender",
                Condition = """{"field":"purchaseCount","op":"gte","value":1}""",
                EvaluateOnInteraction = false,
                Message = $"Call {First} {Last} back",
            })));

    /// <summary>
    /// The person, with data in every kind of record; a chain of merges (elder into twin, twin into the person) whose
    /// merged-away customers left audit records, snapshots and messages under their own ids; another customer who must
    /// keep everything.
    /// </summary>
    private static async Task<Customer> SeedAsync(SecureHost host)
    {
        var crm = host.System("privacy");
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
        await crm.Messages.EnqueueAsync(new MessageRequest { Channel = InteractionChannels.Email, CustomerId = elder.Id, Subject = $"Hello {First}", TextBody = $"Dear {First} {Last}" });
        var twin = await crm.Customers.CreateAsync(new Customer { FirstName = First, LastName = Last + "s", Emails = ["zq.twin@example.org"] });
        await crm.Duplicates.MergeAsync(twin.Id, elder.Id, new MergeOptions { DefaultRule = SurvivorshipRule.PreferSurvivor });
        await crm.Duplicates.MergeAsync(person.Id, twin.Id, new MergeOptions { DefaultRule = SurvivorshipRule.PreferSurvivor });
        var other = await crm.Customers.CreateAsync(new Customer { FirstName = "Other", LastName = "Person", Emails = ["other@example.com"] });

        await crm.Interactions.RecordAsync(new Interaction { CustomerId = person.Id, Channel = "phone", OccurredAt = TestEngine.Start.AddDays(-2), Subject = $"{First} called", Body = $"From {Phone}" });
        await crm.Interactions.RecordAsync(new Interaction { CustomerId = other.Id, Channel = "phone", OccurredAt = TestEngine.Start.AddDays(-2), Subject = "Other called" });
        await crm.Purchases.RecordAsync(new Purchase { CustomerId = person.Id, PurchasedAt = TestEngine.Start.AddDays(-3), Currency = "EUR", Lines = [new PurchaseLine("sku-1", "Widget", 1, 40m)] });
        await crm.Privacy.RecordConsentAsync(person.Id, "email", "marketing", ConsentStatus.Granted, "form:" + Email);

        // Sales: the person as a lead (captured from a web form, qualified with a free-text need), converted into a deal
        // named after them, lost with a reason naming them; a quote whose line names them, accepted into an order.
        var form = new WebFormSubmission("contact", new Dictionary<string, string> { ["mail"] = Email, ["name"] = First }, new Dictionary<string, string> { ["mail"] = "email", ["name"] = "firstName" });
        Assert.Equal(person.Id, (await crm.Leads.CaptureWebFormAsync(form)).Customer.Id);
        await crm.Leads.QualifyAsync(person.Id, new BantQualification(Budget: 5000m, BudgetCurrency: "EUR", HasAuthority: true, Need: $"{First} needs ten seats"));
        var pipeline = await crm.Deals.SavePipelineAsync(Sales.SalesHost.StandardPipeline());
        var converted = await crm.Leads.ConvertAsync(person.Id, new LeadConversion(pipeline.Id, $"{First} {Last} - ten seats", 5000m, "EUR"));
        await crm.Deals.MoveStageAsync(converted.Deal.Id, "lost", $"{First} went with a competitor");
        var quote = await crm.Quotes.CreateAsync(new Quote { CustomerId = person.Id, Currency = "EUR", Lines = [new QuoteLine("eng", $"Engraving: {First} {Last}", 1, 20m)] });
        await crm.Quotes.AcceptAsync(quote.Id);

        // Support and feedback: a case about them, an alert whose message names them, a free-text survey answer.
        await crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = person.Id, Subject = $"{First} {Last} cannot log in", Description = $"Reach them at {Email}." });
        Assert.NotEmpty((await crm.Alerts.EvaluateAsync("big-spender")).Raised);
        var survey = await crm.Feedback.DefineSurveyAsync(Feedback.FeedbackScoreTests.Survey());
        await crm.Feedback.RecordAsync(new SurveyResponse { Id = Guid.Empty, SurveyId = survey.Id, CustomerId = person.Id, ReceivedAt = TestEngine.Start, Answers = [new SurveyAnswer("nps") { Score = 9 }, new SurveyAnswer("why") { Text = $"Ask {First} on {Phone}" }] });

        // Messaging and marketing: a message to them and one to their address without a customer (as a webhook delivery or
        // an ad-hoc send is), an inbound reply, a suppressed address, loyalty points with a reason naming them, a reminder
        // whose note names them (a scheduled job, then a task on the timeline), a workflow step with a payload naming them.
        await crm.Messages.EnqueueAsync(new MessageRequest { Channel = InteractionChannels.Email, CustomerId = person.Id, Subject = $"Your order, {First}", TextBody = $"Dear {First} {Last}, we will call {Phone}." });
        await crm.Messages.EnqueueAsync(new MessageRequest { Channel = InteractionChannels.Email, Recipient = Email, Subject = "Receipt", TextBody = $"{{\"customer\":\"{person.Id}\",\"name\":\"{First}\"}}" });
        await crm.Messages.ReceiveAsync(new InboundMessage { Channel = InteractionChannels.Email, SenderAddress = Email, ExternalId = $"<reply.{Email}>", Subject = $"Re: from {First}", TextBody = $"Thanks, {First}", ReceivedAt = TestEngine.Start });
        await crm.Campaigns.SuppressAddressAsync(Email, SuppressionReason.Unsubscribed);
        await crm.Loyalty.PostAsync(new LoyaltyPosting { CustomerId = person.Id, Kind = LoyaltyEntryKind.Adjust, Points = 25, Reason = $"Goodwill for {First} {Last}", IdempotencyKey = "goodwill-1" });
        await crm.Reminders.ScheduleAsync(new ReminderRequest { CustomerId = person.Id, Key = "call-back", Note = $"Call {First} on {Phone}", DueAt = TestEngine.Start.AddDays(30) });
        await crm.Reminders.ScheduleAsync(new ReminderRequest { CustomerId = person.Id, Key = "call-now", Note = $"Ring {First} today", DueAt = TestEngine.Start.AddDays(-1) });
        await host.Host.DeliverDueAsync(); // the due reminder becomes a task; the messages are delivered (attempts with provider ids)
        Assert.Contains((await crm.Interactions.GetTimelineAsync(person.Id)).Items, i => i.Subject == $"Ring {First} today");
        var instance = await crm.Workflows.StartAsync(WorkflowId, person.Id);
        await crm.Workflows.FireAsync(instance.Id, "note", $$"""{"text":"{{First}} asked to be called on {{Phone}}"}""");
        await crm.Segments.ComputeRfmAsync();
        await host.Host.DeliverDueAsync();
        return person;
    }

    /// <summary>Everything the analytics report, the sales metrics and the feedback scores compute, as one comparable string.</summary>
    private static async Task<string> AggregatesAsync(ICrmContext crm, AnalyticsQuery query)
    {
        var report = await crm.Analytics.BuildReportAsync(query);
        return JsonSerializer.Serialize(report) + JsonSerializer.Serialize(await crm.Feedback.GetScoresAsync(new FeedbackQuery { From = query.Period.From, Until = query.Period.To }));
    }

    private static string DatabasePath(TestEngine engine)
    {
        var provider = (Crm.Plugins.Storage.Sqlite.SqliteStorageProvider)engine.Provider.GetService(typeof(Storage.IStorageProvider))!;
        return new SqliteConnectionStringBuilder(provider.ConnectionString).DataSource;
    }

    private static async Task ExecuteAsync(TestEngine engine, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath(engine)};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Scans the raw bytes of the database, -wal and -shm files for each needle in UTF-8 and UTF-16, any case.</summary>
    private static List<string> FindTraces(TestEngine engine, string[] needles)
    {
        var path = DatabasePath(engine);
        var found = new List<string>();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
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

            var lower = Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(bytes).ToLowerInvariant());
            foreach (var needle in needles)
            {
                foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode })
                {
                    if (lower.AsSpan().IndexOf(encoding.GetBytes(needle.ToLowerInvariant())) >= 0)
                    {
                        found.Add($"{Path.GetFileName(file)}: {needle} ({encoding.WebName}) at {Context(bytes, lower, encoding.GetBytes(needle.ToLowerInvariant()))}");
                    }
                }
            }
        }

        return found;
    }

    /// <summary>The printable bytes around the first hit, to tell which table a trace is in.</summary>
    private static string Context(byte[] bytes, byte[] lower, byte[] needle)
    {
        var at = lower.AsSpan().IndexOf(needle);
        var start = Math.Max(0, at - 80);
        var slice = bytes.AsSpan(start, Math.Min(bytes.Length - start, needle.Length + 160));
        return new string([.. Encoding.Latin1.GetString(slice).Select(c => c is >= ' ' and <= '~' ? c : '.')]);
    }
}
