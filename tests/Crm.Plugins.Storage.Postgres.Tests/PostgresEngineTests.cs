using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Crm.Engine.Testing.Time;
using Crm.Engine.Workflows;
using Crm.Plugins.Storage.Postgres.Tests.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Plugins.Storage.Postgres.Tests;

/// <summary>
/// Runs the engine's services on PostgreSQL end to end, as an application would: workflows with a durable timer, and
/// custom fields, duplicates and merge, segments with RFM, consent and erasure.
/// </summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresEngineTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private const string Onboarding = """
        {
          "schemaVersion": 1,
          "id": "onboarding",
          "version": 1,
          "entity": "customer",
          "initialState": "new",
          "triggers": { "contact": {}, "noResponse": {} },
          "states": {
            "new": { "timeouts": [ { "after": "P1D", "fire": "noResponse" } ] },
            "contacted": { "final": true, "onEntry": [ { "action": "addTag", "params": { "tag": "contacted" } } ] },
            "stale": { "final": true, "onEntry": [ { "action": "addTag", "params": { "tag": "stale" } } ] }
          },
          "transitions": [
            { "from": "new", "trigger": "contact", "to": "contacted" },
            { "from": "new", "trigger": "noResponse", "to": "stale" }
          ]
        }
        """;

    private readonly ManualTimeProvider _time = new(Start);
    private ServiceProvider _services = null!;
    private ICrmContext _crm = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(_time);
        services.AddCrmEngine().UsePostgresStorage(o => o.ConnectionString = connectionString).AddWorkflow(Onboarding);
        _services = services.BuildServiceProvider();
        var engine = _services.GetRequiredService<ICrmEngine>();
        await engine.InitializeAsync();
        _crm = engine.ForTenant("acme");
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Workflow_FireAndDurableTimer_TransitionRunActionsAndPersistHistory()
    {
        var contacted = await _crm.Customers.CreateAsync(new Customer { FirstName = "Ada", LastName = "Lovelace", Emails = ["ada@example.com"] });
        var silent = await _crm.Customers.CreateAsync(new Customer { FirstName = "Alan", LastName = "Turing", Emails = ["alan@example.com"] });
        var first = await _crm.Workflows.StartAsync("onboarding", contacted.Id);
        var second = await _crm.Workflows.StartAsync("onboarding", silent.Id);
        Assert.Equal(Start.AddDays(1), Assert.Single(await _crm.Workflows.GetTimersAsync(second.Id)).DueAt);

        var fired = await _crm.Workflows.FireAsync(first.Id, "contact", idempotencyKey: "call-1");
        var again = await _crm.Workflows.FireAsync(first.Id, "contact", idempotencyKey: "call-1");

        Assert.Equal("contacted", fired.Instance.State);
        Assert.Equal((WorkflowInstanceStatus.Completed, 2L), (again.Instance.Status, again.Instance.Version));
        Assert.Equal(["$start", "contact"], (await _crm.Workflows.GetHistoryAsync(first.Id)).Select(h => h.Trigger));
        Assert.Contains("contacted", (await _crm.Customers.GetAsync(contacted.Id))!.Tags);
        Assert.Empty(await _crm.Workflows.GetTimersAsync(first.Id));

        _time.Advance(TimeSpan.FromDays(1));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await _crm.Workflows.GetAsync(second.Id))!.State != "stale")
        {
            Assert.True(DateTime.UtcNow < deadline, "The due timer was not fired within 10 seconds.");
            await Task.Delay(10);
        }

        Assert.Contains("stale", (await _crm.Customers.GetAsync(silent.Id))!.Tags);
        Assert.Empty(await _crm.Workflows.GetTimersAsync(second.Id));
        Assert.Equal("timer", (await _crm.Workflows.GetHistoryAsync(second.Id))[^1].Actor);
    }

    [Fact]
    public async Task CustomerData_DefineMergeSegmentScoreAndErase_AllThroughTheEngine()
    {
        await _crm.CustomFields.DefineAsync(new CustomFieldDefinition("plan", CustomFieldType.Enum) { AllowedValues = ["Free", "Pro"] });
        var ann = await _crm.Customers.CreateAsync(new Customer { FirstName = "Ann", LastName = "Lee", Emails = ["ann@example.com"], Attributes = new Dictionary<string, AttributeValue> { ["plan"] = "pro" } });
        var twin = await _crm.Customers.CreateAsync(new Customer { FirstName = "Ann", LastName = "Lee", Emails = ["ann.lee@example.com"], Phones = ["+4930123456"] });
        var bob = await _crm.Customers.CreateAsync(new Customer { FirstName = "Bob", LastName = "Stone", Emails = ["bob@example.com"] });
        await _crm.Interactions.RecordAsync(new Interaction { CustomerId = twin.Id, Channel = "email", OccurredAt = Start.AddDays(-2), Subject = "Hi" });
        await _crm.Purchases.RecordAsync(new Purchase { CustomerId = twin.Id, PurchasedAt = Start.AddDays(-3), Currency = "EUR", Lines = [new PurchaseLine("s", "Widget", 2, 60)] });
        await _crm.Purchases.RecordAsync(new Purchase { CustomerId = bob.Id, PurchasedAt = Start.AddDays(-300), Currency = "EUR", Lines = [new PurchaseLine("s", "Widget", 1, 10)] });
        await _crm.Privacy.RecordConsentAsync(twin.Id, "email", "marketing", ConsentStatus.Granted, "form");

        var match = Assert.Single(await _crm.Duplicates.FindDuplicatesAsync());
        Assert.Equal(new[] { ann.Id, twin.Id }.Order(), new[] { match.FirstId, match.SecondId }.Order());
        var merged = await _crm.Duplicates.MergeAsync(ann.Id, twin.Id);
        Assert.Equal((1L, 1L), (merged.Record.InteractionsMoved, merged.Record.PurchasesMoved));
        Assert.Equal(["ann@example.com", "ann.lee@example.com"], (await _crm.Customers.GetAsync(ann.Id))!.Emails);
        Assert.True(await _crm.Privacy.HasConsentAsync(ann.Id, "email", "marketing"));

        await _crm.Segments.SaveAsync(new SegmentDefinition("pro buyers", """{"all":[{"field":"attributes.plan","op":"eq","value":"Pro"},{"field":"totalSpent","op":"gte","value":120}]}"""));
        Assert.Equal(1, await _crm.Segments.CountAsync("pro buyers"));
        var rfm = await _crm.Segments.ComputeRfmAsync();
        Assert.Equal(2, rfm.CustomersScored);
        Assert.Equal(5, (await _crm.Segments.GetRfmAsync(ann.Id))!.Recency);
        Assert.Equal(1, await _crm.Segments.CountAsync(ConditionParser.Parse("""{"field":"rfmRecency","op":"eq","value":1}""", SegmentFields.Customer)));

        var erasure = await _crm.Privacy.EraseAsync(ann.Id, "gdpr-art-17-request");

        Assert.Equal((1L, 1L, 1L), (erasure.InteractionsAnonymized, erasure.PurchasesKept, erasure.MergeSnapshotsRemoved));
        Assert.Null(await _crm.Customers.FindByEmailAsync("ann@example.com"));
        Assert.Equal(("", ""), ((await _crm.Customers.GetAsync(ann.Id))!.FirstName, (await _crm.Customers.GetAsync(ann.Id))!.LastName));
        Assert.Equal(0, await _crm.Segments.CountAsync("pro buyers"));
        Assert.Equal(erasure.Id, Assert.Single(await _crm.Privacy.GetErasureLogAsync()).Id);
        Assert.Equal(bob.Id, (await _crm.Customers.FindByEmailAsync("bob@example.com"))!.Id);
    }
}
