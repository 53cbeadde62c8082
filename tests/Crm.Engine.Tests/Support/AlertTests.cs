using Crm.Engine.Support;

namespace Crm.Engine.Tests.Support;

public sealed class AlertTests
{
    private const string ThreeComplaintsInSevenDays =
        """{"count":"interactions","where":{"all":[{"field":"subject","op":"contains","value":"complaint"},{"field":"occurredAt","op":"gte","value":"P7D"}]},"op":"gte","value":3}""";

    // Bought at least three times, but not in the last 90 days.
    private const string PurchaseFrequencyDrop =
        """{"all":[{"count":"purchases","op":"gte","value":3},{"count":"purchases","where":{"field":"purchasedAt","op":"gte","value":"P90D"},"op":"eq","value":0}]}""";

    [Fact]
    public async Task ThreeComplaints_RaiseOneAlertAndOneCasePerOccurrence()
    {
        await using var host = await SupportHost.CreateAsync(o => o.AlertRules.Add(new AlertRule
        {
            Name = "complaints",
            Condition = ThreeComplaintsInSevenDays,
            Severity = AlertSeverity.Critical,
            Message = "Three complaints in a week",
            OpenCase = new AlertCaseTemplate { Subject = "Unhappy customer", Priority = CasePriority.High },
        }));
        var customer = await host.CustomerAsync();

        await host.InboundAsync(customer.Id, "complaint: late");
        await host.InboundAsync(customer.Id, "complaint: broken");
        Assert.Empty((await host.Crm.Alerts.ListAsync(new AlertQuery())).Items);

        await host.InboundAsync(customer.Id, "complaint: rude");
        await host.InboundAsync(customer.Id, "complaint: still late"); // same occurrence
        var sweep = await host.Crm.Alerts.EvaluateAsync();

        Assert.Equal((1, 0), (sweep.Matched, sweep.Raised.Count)); // the sweep (SQL) finds the match but it was already raised
        var alert = Assert.Single((await host.Crm.Alerts.ListAsync(new AlertQuery { CustomerId = customer.Id })).Items);
        Assert.Equal(("complaints", AlertSeverity.Critical, "Three complaints in a week"), (alert.Rule, alert.Severity, alert.Message));
        var opened = Assert.Single((await host.Crm.Cases.ListAsync(new CaseQuery { CustomerId = customer.Id })).Items);
        Assert.Equal((alert.CaseId, "Unhappy customer", CasePriority.High, "alert"), ((Guid?)opened.Id, opened.Subject, opened.Priority, opened.Channel));
        Assert.Single(host.EventsOf<AlertRaised>());

        // A week later the old complaints have aged out; three new ones are a new occurrence.
        await host.AdvanceAsync(TimeSpan.FromDays(8));
        await host.InboundAsync(customer.Id, "complaint: again");
        await host.InboundAsync(customer.Id, "complaint: and again");
        Assert.Single((await host.Crm.Alerts.ListAsync(new AlertQuery())).Items);
        await host.InboundAsync(customer.Id, "complaint: third");
        Assert.Equal(2, (await host.Crm.Alerts.ListAsync(new AlertQuery())).Items.Count);
        Assert.Equal(2, (await host.Crm.Cases.ListAsync(new CaseQuery { CustomerId = customer.Id })).Items.Count);
    }

    [Fact]
    public async Task Sweep_FindsPurchaseFrequencyDropsInTheStore()
    {
        await using var host = await SupportHost.CreateAsync(o => o.AlertRules.Add(new AlertRule { Name = "lapsing", Condition = PurchaseFrequencyDrop, EvaluateOnInteraction = false }));
        var lapsing = await host.CustomerAsync("Lapsing");
        var active = await host.CustomerAsync("Active");
        var once = await host.CustomerAsync("Once");
        await PurchasesAsync(host, lapsing.Id, 200, 150, 100);
        await PurchasesAsync(host, active.Id, 200, 150, 10);
        await PurchasesAsync(host, once.Id, 300);

        var first = await host.Crm.Alerts.EvaluateAsync("lapsing");
        var second = await host.Crm.Alerts.EvaluateAsync("lapsing");

        Assert.Equal(1, first.Matched);
        Assert.Equal(lapsing.Id, Assert.Single(first.Raised).CustomerId);
        Assert.Equal((1, 0), (second.Matched, second.Raised.Count));
        await Assert.ThrowsAsync<CrmNotFoundException>(() => host.Crm.Alerts.EvaluateAsync("unknown"));
    }

    [Fact]
    public async Task ScheduledSweep_RaisesAlertsForNewMatches()
    {
        await using var host = await SupportHost.CreateAsync(o => o.AlertRules.Add(new AlertRule { Name = "lapsing", Condition = PurchaseFrequencyDrop, EvaluateOnInteraction = false }));
        await host.Crm.Alerts.ScheduleAsync(TimeSpan.FromDays(1));
        var lapsing = await host.CustomerAsync("Lapsing");
        await PurchasesAsync(host, lapsing.Id, 200, 150, 100);
        Assert.Empty((await host.Crm.Alerts.ListAsync(new AlertQuery())).Items);

        await host.AdvanceAsync(TimeSpan.FromDays(1));

        Assert.Equal(lapsing.Id, Assert.Single((await host.Crm.Alerts.ListAsync(new AlertQuery())).Items).CustomerId);
    }

    private static async Task PurchasesAsync(SupportHost host, Guid customerId, params int[] daysAgo)
    {
        foreach (var days in daysAgo)
        {
            await host.Crm.Purchases.RecordAsync(new Purchase
            {
                CustomerId = customerId,
                PurchasedAt = host.Time.GetUtcNow().AddDays(-days),
                Currency = "EUR",
                Lines = [new PurchaseLine("SKU-1", "Mug", 1, 12.5m)],
            });
        }
    }
}
