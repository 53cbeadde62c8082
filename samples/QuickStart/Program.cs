using System.Diagnostics;
using Crm.Engine;
using Crm.Engine.Analytics;
using Crm.Engine.Channels;
using Crm.Engine.Events;
using Crm.Engine.Messaging;
using Crm.Engine.Reports;
using Crm.Engine.Storage;
using Crm.Plugins.Channels.Email;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuickStart;

// QuickStart: a whole CRM on an embedded SQLite file, no set-up needed.
var dataDirectory = Path.Combine(Environment.CurrentDirectory, "quickstart-data");
Directory.CreateDirectory(dataDirectory);
var databasePath = Path.Combine(dataDirectory, "crm.db");
foreach (var file in Directory.GetFiles(dataDirectory, "crm.db*"))
{
    File.Delete(file); // start fresh on every run so the output is repeatable
}

var outboxDirectory = Path.Combine(dataDirectory, "sent-mail");
if (Directory.Exists(outboxDirectory))
{
    Directory.Delete(outboxDirectory, recursive: true);
}

var services = new ServiceCollection()
    .AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
services.AddCrmEngine(options => options.DefaultPageSize = 20)
    .UseSqliteStorage(sqlite => sqlite.DataSource = databasePath)
    .AddEventHandler<InteractionRecorded, InboundCounter>()

    // Email in pickup mode: every message the outbox sends is written as an .eml file, so nothing needs setting up.
    .AddEmailChannel(email =>
    {
        email.FromAddress = "hello@acme.example";
        email.FromName = "Acme";
        email.PickupDirectory = outboxDirectory;
    })
    .AddMessageTemplate(SampleData.PricingReply)
    .AddMessageTemplate(SampleData.Welcome)
    .ConfigureMessaging(messaging => messaging.AutoReplies.Add(new AutoReplyRule
    {
        Name = "pricing",
        Condition = """{ "field": "body", "op": "contains", "value": "pricing" }""",
        TemplateId = SampleData.PricingReply.Id,
    }));

await using var provider = services.BuildServiceProvider();
var engine = provider.GetRequiredService<ICrmEngine>();
var stopwatch = Stopwatch.StartNew();
await engine.InitializeAsync();
var crm = engine.ForTenant("acme");
var now = TimeProvider.System.GetUtcNow();
var data = new SampleData(now);

// 1. Customers, interactions and purchases, imported in bulk (validated, all-or-nothing).
var customers = data.Customers(300);
await crm.Customers.ImportAsync(customers);
var stored = (await crm.Customers.SearchAsync(filter: null, new(1_000))).Items;
var interactions = data.Interactions(stored);
var purchases = data.Purchases(stored);
await crm.Interactions.ImportAsync(interactions);
await crm.Purchases.ImportAsync(purchases);
Console.WriteLine($"Imported {stored.Count} customers, {interactions.Count} interactions and {purchases.Count} purchases into {databasePath} in {stopwatch.ElapsedMilliseconds} ms.");

// 2. Day-to-day work. An unknown sender writes in: she becomes a lead, the email is on her timeline, and the
//    auto-reply rule answers the pricing question through the transactional outbox.
var question = await crm.Messages.ReceiveAsync(new InboundMessage
{
    Channel = InteractionChannels.Email,
    ExternalId = "<q-1@langley.example>",
    SenderAddress = "Mary.Jackson@Langley.example",
    SenderName = "Mary Jackson",
    Subject = "Pricing for 40 seats?",
    TextBody = "Hello, could you send me your pricing for 40 seats?",
    ReceivedAt = now.AddHours(-3),
});
var lead = (await crm.Customers.GetAsync(question.CustomerId))!;
await crm.Interactions.RecordAsync(new Interaction { CustomerId = lead.Id, Channel = InteractionChannels.Phone, Direction = InteractionDirection.Outbound, OccurredAt = now.AddHours(-1), Subject = "Call: walkthrough of the Pro plan" });

// She buys: the purchase, her new lifecycle stage and the welcome email commit together or not at all.
Customer customer = lead;
await crm.TransactAsync(async ct =>
{
    await crm.Purchases.RecordAsync(new Purchase { CustomerId = lead.Id, PurchasedAt = now.AddMinutes(-30), Currency = "EUR", OrderNumber = "SO-1", Lines = [new("CRM-PRO", "Pro plan (month)", 8, 99m), new("ONBOARD", "Onboarding workshop", 1, 450m)] }, ct);
    customer = await crm.Customers.UpdateAsync(lead with { Company = "Langley Research", LifecycleStage = LifecycleStage.Customer }, ct);
    await crm.Messages.EnqueueAsync(new MessageRequest { Channel = InteractionChannels.Email, CustomerId = lead.Id, TemplateId = SampleData.Welcome.Id, IdempotencyKey = "welcome:SO-1" }, ct);
});
await WaitForOutboxAsync(crm);
var sentMail = Directory.GetFiles(outboxDirectory, "*.eml");
Console.WriteLine();
Console.WriteLine($"{question.Interaction.Subject}: new lead {lead.DisplayName}, {question.AutoReplies.Count} auto-reply; {sentMail.Length} emails sent to {outboxDirectory}");

// 3. One customer's timeline, newest first.
Console.WriteLine();
Console.WriteLine($"Timeline of {customer.DisplayName} <{customer.PrimaryEmail}> ({customer.LifecycleStage}, version {customer.Version}):");
foreach (var item in (await crm.Interactions.GetTimelineAsync(customer.Id)).Items)
{
    Console.WriteLine($"  {item.OccurredAt:yyyy-MM-dd HH:mm}  {item.Channel,-8} {item.Direction,-8} {item.Subject}");
}

foreach (var purchase in (await crm.Purchases.ListAsync(customer.Id)).Items)
{
    Console.WriteLine($"  {purchase.PurchasedAt:yyyy-MM-dd HH:mm}  purchase {purchase.OrderNumber}: {purchase.Lines.Count} lines, {purchase.Total:0.00} {purchase.Currency}");
}

// 4. A segment in the condition language, evaluated in SQL by the storage provider.
const string segment = """
    {
      "all": [
        { "some": "purchases", "where": { "field": "purchasedAt", "op": "gte", "value": "P30D" } },
        { "some": "interactions", "where": { "all": [
            { "field": "channel", "op": "eq", "value": "email" },
            { "field": "direction", "op": "eq", "value": "inbound" } ] } }
      ]
    }
    """;
var members = await crm.Customers.SearchAsync(segment, new(10));
var total = await crm.Customers.CountAsync(Crm.Engine.Conditions.ConditionParser.Parse(segment, Crm.Engine.Conditions.CrmFields.Customer));
Console.WriteLine();
Console.WriteLine($"Segment \"bought in the last 30 days and emailed us\": {total} customers. First {members.Items.Count}:");
foreach (var member in members.Items)
{
    Console.WriteLine($"  {member.DisplayName,-28} {member.Company ?? "-",-22} {member.Demographics.City}, {member.Demographics.Country}");
}

// 5. Bad input is rejected with the field named, and nothing is stored.
try
{
    await crm.Customers.CreateAsync(new Customer { FirstName = "Typo", Emails = ["typo@@example"] });
}
catch (CrmValidationException e)
{
    Console.WriteLine();
    Console.WriteLine($"Rejected as expected: {e.Errors[0]}");
}

// Analytics: KPIs, cohorts and the funnel of the last twelve months as one self-contained HTML page (docs/analytics.md).
var reportPath = Path.Combine(dataDirectory, "report.html");
var report = await crm.Analytics.BuildReportAsync(new AnalyticsQuery(new ReportPeriod(now.AddMonths(-12), now.AddHours(1)), "EUR"));
await using (var reportFile = File.Create(reportPath))
{
    await AnalyticsReportWriter.WriteAsync(report, ReportFormat.Html, reportFile);
}

Console.WriteLine();
Console.WriteLine($"Report (open in any browser): {reportPath}");
Console.WriteLine($"Domain events seen: {provider.GetRequiredService<InboundCounter>().Count} InteractionRecorded. Done in {stopwatch.ElapsedMilliseconds} ms.");
return total > 0 && sentMail.Length == 2 ? 0 : 1;

// The dispatcher sends in the background and raises MessageDelivered (or MessageFailed) for each message; wait for
// those signals, with a deadline, until nothing is pending.
async Task WaitForOutboxAsync(ICrmContext crm)
{
    var settled = new SemaphoreSlim(0);
    var bus = provider.GetRequiredService<ICrmEventBus>();
    using var delivered = bus.Subscribe<MessageDelivered>((_, _) => { settled.Release(); return Task.CompletedTask; });
    using var failed = bus.Subscribe<MessageFailed>((_, _) => { settled.Release(); return Task.CompletedTask; });
    using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
    while ((await crm.Messages.ListAsync(new OutboxQuery { Status = OutboxStatus.Pending, Page = new(1) })).Items.Count > 0)
    {
        await settled.WaitAsync(TimeSpan.FromMilliseconds(500), deadline.Token); // woken by each outcome; re-checks at worst twice a second
    }
}

/// <summary>Counts recorded interactions, as a plugin or app handler would react to them.</summary>
internal sealed class InboundCounter : ICrmEventHandler<InteractionRecorded>
{
    private int _count;

    public int Count => _count;

    public Task HandleAsync(InteractionRecorded crmEvent, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return Task.CompletedTask;
    }
}
