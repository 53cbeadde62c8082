using Crm.Engine.Campaigns;

namespace Crm.Engine.Tests.Campaigns;

public sealed class CampaignAttributionTests
{
    [Fact]
    public async Task Conversions_GoToTheLastTouchWithinTheWindow_WithRevenueAndRoi()
    {
        await using var host = await CampaignHost.CreateAsync();
        var ada = await host.CustomerAsync("Ada");
        var grace = await host.CustomerAsync("Grace");
        var bob = await host.CustomerAsync("Bob");
        var t0 = host.Now;
        var first = await host.CampaignAsync(cost: 50m);
        await host.Crm.Campaigns.SendAsync(first.Id);
        await host.SettleAsync();                     // first delivered to all three at t0
        await host.Messaging.AdvanceAsync(TimeSpan.FromHours(1));
        var second = await host.CampaignAsync(cost: 0m);
        await host.Crm.Campaigns.SendAsync(second.Id);
        await host.SettleAsync();                     // second delivered to all three at t0 + 1 h

        await PurchaseAsync(host, ada.Id, t0.AddHours(2), 80m, "EUR");   // last touch: second's delivery
        var click = host.Tracking.CreateToken(host.Crm.Caller.TenantId, first.Id, grace.Id, "default", CampaignTrackingKind.Click);
        await host.Messaging.AdvanceAsync(TimeSpan.FromHours(2));  // t0 + 3 h
        Assert.True((await host.Tracking.HandleAsync(click)).Accepted); // grace clicks first's link: now the last touch
        await PurchaseAsync(host, grace.Id, t0.AddHours(4), 40m, "EUR"); // → first
        await PurchaseAsync(host, grace.Id, t0.AddHours(5), 10m, "USD"); // → first, conversion without revenue (other currency)
        await PurchaseAsync(host, bob.Id, t0.AddDays(8), 500m, "EUR");   // both windows (7 days) have passed
        await PurchaseAsync(host, bob.Id, t0.AddMinutes(-5), 70m, "EUR"); // before any touch

        var one = await host.Crm.Campaigns.GetEffectivenessAsync(first.Id);
        var two = await host.Crm.Campaigns.GetEffectivenessAsync(second.Id);

        // first: 3 delivered, 1 converter (grace) with 40 EUR; ROI = (40 − 50) / 50 = −0.2
        Assert.Equal((3L, 1L, 40m), (one.Total.Counts.Delivered, one.Total.Counts.Conversions, one.Total.Counts.Revenue));
        Assert.Equal(1 / 3.0, one.Total.ConversionRate, 10);
        Assert.Equal(-0.2m, one.Total.Roi);
        // second: 1 converter (ada) with 80 EUR; cost 0, so ROI is undefined
        Assert.Equal((1L, 80m), (two.Total.Counts.Conversions, two.Total.Counts.Revenue));
        Assert.Null(two.Total.Roi);
    }

    private static Task<Purchase> PurchaseAsync(CampaignHost host, Guid customerId, DateTimeOffset at, decimal amount, string currency) =>
        host.Crm.Purchases.RecordAsync(new Purchase
        {
            CustomerId = customerId,
            PurchasedAt = at,
            Currency = currency,
            Lines = [new PurchaseLine("SKU-1", "Tulip bulbs", 1, amount)],
        });
}
