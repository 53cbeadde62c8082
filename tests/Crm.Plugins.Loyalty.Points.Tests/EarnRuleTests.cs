using Crm.Engine.Loyalty;

namespace Crm.Plugins.Loyalty.Points.Tests;

public sealed class EarnRuleTests
{
    [Fact]
    public async Task Purchase_EarnsWholePointsPerCurrencyUnit_InTheConfiguredCurrencyOnly()
    {
        await using var host = await ProgramHost.CreateAsync(o => { o.PointsPerCurrencyUnit = 2; o.Currency = "EUR"; });
        var customer = Guid.NewGuid();

        var result = await host.EarnAsync(host.Purchase(customer, 123.45m));
        var elsewhere = await host.EarnAsync(host.Purchase(customer, 500m, "USD"));

        var entry = Assert.Single(result.Entries);
        Assert.Equal(246, entry.Points); // floor(123.45 * 2) = floor(246.9)
        Assert.Equal("spend", entry.Rule);
        Assert.Equal(LoyaltyEntryKind.Earn, entry.Kind);
        Assert.Equal(ProgramHost.Start.AddDays(730), entry.ExpiresAt);
        Assert.Equal(246, result.Account!.Balance);
        Assert.Empty(elsewhere.Entries);
        Assert.False(elsewhere.Duplicate);
        var awarded = Assert.Single(ProgramHost.EventsOf<PointsAwarded>(result));
        Assert.Equal(host.Tenant, awarded.TenantId);
        Assert.Equal("test", awarded.Actor);
        Assert.Null(awarded.Before);
        Assert.Equal(246, awarded.After.Balance);
    }

    [Fact]
    public async Task SamePurchaseDeliveredTwice_AwardsOnce()
    {
        await using var host = await ProgramHost.CreateAsync(o => { });
        var customer = Guid.NewGuid();
        var purchase = host.Purchase(customer, 40m);

        var first = await host.EarnAsync(purchase);
        var second = await host.EarnAsync(purchase);

        Assert.Single(first.Entries);
        Assert.False(first.Duplicate);
        Assert.Empty(second.Entries);
        Assert.Empty(second.Events);
        Assert.True(second.Duplicate);
        Assert.Equal(40, (await host.AccountAsync(customer))!.Balance);
        Assert.Equal("purchase:" + purchase.SourceId + ":spend", first.Entries[0].IdempotencyKey);
    }

    [Fact]
    public async Task CampaignMultiplier_AddsItsOwnEntry_OnlyForItsCampaignAndWindow()
    {
        var spring = Guid.NewGuid();
        await using var host = await ProgramHost.CreateAsync(o =>
        {
            o.CampaignMultipliers.Add(new CampaignMultiplier { Name = "Spring", CampaignId = spring, Multiplier = 2.5m, Until = ProgramHost.Start.AddDays(1) });
            o.CampaignMultipliers.Add(new CampaignMultiplier { Name = "Everyone", Multiplier = 1.5m, From = ProgramHost.Start.AddDays(10) });
        });
        var customer = Guid.NewGuid();

        var inCampaign = await host.EarnAsync(host.Purchase(customer, 40m, campaignId: spring));
        var noCampaign = await host.EarnAsync(host.Purchase(customer, 40m));
        host.Time.Advance(TimeSpan.FromDays(2));
        var lateCampaign = await host.EarnAsync(host.Purchase(customer, 40m, campaignId: spring));
        host.Time.Advance(TimeSpan.FromDays(10));
        var promotion = await host.EarnAsync(host.Purchase(customer, 41m, campaignId: spring));

        Assert.Equal([40L, 60L], inCampaign.Entries.Select(e => e.Points)); // 40 spend + floor(40 * 1.5) extra for x2.5
        Assert.Equal("campaign", inCampaign.Entries[1].Rule);
        Assert.Equal("x2.5 Spring", inCampaign.Entries[1].Reason);
        Assert.Equal([40L], noCampaign.Entries.Select(e => e.Points));
        Assert.Equal([40L], lateCampaign.Entries.Select(e => e.Points)); // Spring ended at day 1
        Assert.Equal([41L, 20L], promotion.Entries.Select(e => e.Points)); // floor(41 * 0.5) = 20
        Assert.Equal(241, promotion.Account!.Balance); // 100 + 40 + 40 + 61
    }

    [Fact]
    public async Task BirthdayAndReferral_AwardTheirBonusOncePerSource()
    {
        await using var host = await ProgramHost.CreateAsync(o => { o.BirthdayBonus = 50; o.ReferralBonus = 200; });
        var customer = Guid.NewGuid();
        var birthday2030 = new LoyaltyEarningEvent { Kind = LoyaltyEarningKinds.Birthday, CustomerId = customer, SourceId = "2030", OccurredAt = host.Time.GetUtcNow() };
        var referral = new LoyaltyEarningEvent { Kind = LoyaltyEarningKinds.Referral, CustomerId = customer, SourceId = Guid.NewGuid().ToString("N"), OccurredAt = host.Time.GetUtcNow() };

        Assert.Equal(50, Assert.Single((await host.EarnAsync(birthday2030)).Entries).Points);
        Assert.True((await host.EarnAsync(birthday2030)).Duplicate);
        Assert.Equal(50, Assert.Single((await host.EarnAsync(birthday2030 with { SourceId = "2031" })).Entries).Points);
        Assert.Equal(200, Assert.Single((await host.EarnAsync(referral)).Entries).Points);
        Assert.Equal(300, (await host.AccountAsync(customer))!.Balance);
    }

    [Fact]
    public async Task Redemption_BeyondBalance_IsRefusedAsAValue_AndExactBalanceWorks()
    {
        await using var host = await ProgramHost.CreateAsync(o => { });
        var customer = Guid.NewGuid();
        await host.EarnAsync(host.Purchase(customer, 100m));

        var refused = await host.PostAsync(ProgramHost.Redeem(customer, 101, "order-1"));
        var redeemed = await host.PostAsync(ProgramHost.Redeem(customer, 100, "order-1"));
        var repeated = await host.PostAsync(ProgramHost.Redeem(customer, 100, "order-1"));

        Assert.True(refused.InsufficientBalance);
        Assert.Empty(refused.Entries);
        Assert.Equal(-100, Assert.Single(redeemed.Entries).Points);
        Assert.Single(ProgramHost.EventsOf<PointsRedeemed>(redeemed));
        Assert.True(repeated.Duplicate);
        Assert.Equal(0, (await host.AccountAsync(customer))!.Balance);
    }

    [Fact]
    public void Options_Invalid_FailAtRegistrationNamingTheOption()
    {
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddLoyaltyPoints(o =>
            {
                o.PointsPerCurrencyUnit = 0;
                o.Tiers.Add(new LoyaltyTier { Name = "Gold", Threshold = 10 });
                o.Tiers.Add(new LoyaltyTier { Name = "Gold", Threshold = 20 });
            }));
        Assert.Contains("PointsPerCurrencyUnit", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Gold' is used twice", error.Message, StringComparison.Ordinal);
    }
}
