using Crm.Engine.AspNetCore.OutboundWebhooks;
using Crm.Engine.Channels;
using Crm.Engine.Events;
using Crm.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.AspNetCore.Tests;

/// <summary>
/// The events issue 12 names are deliverable: each documented name is a domain event's type, and merging and erasing a
/// customer enqueue <c>customerMerged</c> and <c>customerErased</c> deliveries. The engine runs without its hosted
/// services, so the deliveries stay queued in the outbox where the test reads them.
/// </summary>
public sealed class OutboundWebhookEventTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "crm-aspnet-events-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider _services = null!;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var services = new ServiceCollection();
        services.AddCrmEngine()
            .UseSqliteStorage(o => o.DataSource = Path.Combine(_directory, "crm.db"))
            .AddOutboundWebhooks(o =>
            {
                var subscription = new OutboundWebhookSubscription { Id = "erp", Url = new Uri("http://127.0.0.1:9/hook"), Secret = "s" };
                subscription.Events.Add(OutboundWebhookEvents.CustomerMerged);
                subscription.Events.Add(OutboundWebhookEvents.CustomerErased);
                o.Subscriptions.Add(subscription);
            });
        _services = services.BuildServiceProvider();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    [Fact]
    public void Every_documented_name_is_the_camel_case_name_of_a_domain_event()
    {
        var events = typeof(CrmEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(CrmEvent))).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(OutboundWebhookEvents.Documented, name => Assert.Contains(char.ToUpperInvariant(name[0]) + name[1..], events));
        Assert.Equal(11, OutboundWebhookEvents.Documented.Distinct().Count());
    }

    [Fact]
    public async Task Merging_and_erasing_customers_enqueue_customerMerged_and_customerErased_deliveries()
    {
        var crm = _services.GetRequiredService<ICrmEngine>().ForCaller(new CrmCaller("acme", "dpo"));
        var survivor = await crm.Customers.CreateAsync(new Customer { FirstName = "Ada", Emails = ["ada@example.com"] });
        var duplicate = await crm.Customers.CreateAsync(new Customer { FirstName = "Ada", Emails = ["ada.l@example.com"] });

        var merge = await crm.Duplicates.MergeAsync(survivor.Id, duplicate.Id);
        var erasure = await crm.Privacy.EraseAsync(survivor.Id, "art. 17");
        var queued = (await crm.Messages.ListAsync(new OutboxQuery())).Items.Where(m => m.Channel == OutboundWebhookOptions.Channel).ToList();

        var merged = Assert.Single(queued, m => m.Headers[OutboundWebhookOptions.EventHeader] == OutboundWebhookEvents.CustomerMerged);
        var erased = Assert.Single(queued, m => m.Headers[OutboundWebhookOptions.EventHeader] == OutboundWebhookEvents.CustomerErased);
        Assert.Equal(2, queued.Count); // the subscription filters out customerCreated, customerUpdated and customerDeleted
        Assert.Contains(duplicate.Id.ToString(), merged.TextBody, StringComparison.Ordinal);
        Assert.Contains(merge.Record.Id.ToString(), merged.TextBody, StringComparison.Ordinal);
        Assert.Contains(erasure.Id.ToString(), erased.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("ada@example.com", erased.TextBody, StringComparison.Ordinal); // ids only
    }
}
