using Crm.Engine.Loyalty;

namespace Crm.Plugins.Loyalty.Points.Tests;

public sealed class TierTests
{
    private static void Tiers(LoyaltyPointsOptions o)
    {
        o.Tiers.Add(new LoyaltyTier { Name = "Gold", Threshold = 500, Benefits = ["free shipping"], RequalificationPeriod = TimeSpan.FromDays(365) });
        o.Tiers.Add(new LoyaltyTier { Name = "Member", Threshold = 0 });
        o.Tiers.Add(new LoyaltyTier { Name = "Silver", Threshold = 100, RequalificationPeriod = TimeSpan.FromDays(365) });
        o.QualificationWindow = TimeSpan.FromDays(365);
        o.PointsLifetime = null;
    }

    [Fact]
    public async Task Tier_MovesUpExactlyAtEachThreshold()
    {
        await using var host = await ProgramHost.CreateAsync(Tiers);
        var customer = Guid.NewGuid();

        var first = await host.EarnAsync(host.Purchase(customer, 99m));
        Assert.Equal("Member", first.Account!.Tier);
        Assert.Null(first.Account.TierReviewAt); // the base tier is never reviewed
        var joined = Assert.Single(ProgramHost.EventsOf<TierChanged>(first));
        Assert.Null(joined.FromTier);

        var atSilver = await host.EarnAsync(host.Purchase(customer, 1m)); // 99 + 1 = 100, Silver's threshold
        var silver = Assert.Single(ProgramHost.EventsOf<TierChanged>(atSilver));
        Assert.Equal(("Member", "Silver", 100L), (silver.FromTier, silver.ToTier, silver.QualifyingPoints));
        Assert.Equal(ProgramHost.Start.AddDays(365), atSilver.Account!.TierReviewAt);

        var below = await host.EarnAsync(host.Purchase(customer, 399m)); // 499: one short of Gold
        Assert.Empty(ProgramHost.EventsOf<TierChanged>(below));
        Assert.Equal("Silver", below.Account!.Tier);

        var atGold = await host.EarnAsync(host.Purchase(customer, 1m)); // 500
        Assert.Equal("Gold", Assert.Single(ProgramHost.EventsOf<TierChanged>(atGold)).ToTier);
        Assert.Equal("Gold", (await host.AccountAsync(customer))!.Tier);
    }

    [Fact]
    public async Task Redemptions_DoNotLowerTheTierBeforeItsReview()
    {
        await using var host = await ProgramHost.CreateAsync(Tiers);
        var customer = Guid.NewGuid();
        await host.EarnAsync(host.Purchase(customer, 150m));

        var redeemed = await host.PostAsync(ProgramHost.Redeem(customer, 150, "r1"));

        Assert.Equal("Silver", redeemed.Account!.Tier);
        Assert.Empty(ProgramHost.EventsOf<TierChanged>(redeemed));
    }

    [Fact]
    public async Task Review_KeepsATierRequalifiedFor_AndLowersOneThatWasNot()
    {
        await using var host = await ProgramHost.CreateAsync(Tiers);
        var customer = Guid.NewGuid();
        await host.EarnAsync(host.Purchase(customer, 100m)); // day 0: Silver, review at day 365

        host.Time.Advance(TimeSpan.FromDays(200));
        await host.EarnAsync(host.Purchase(customer, 120m)); // day 200: 220 qualifying, still Silver
        host.Time.Advance(TimeSpan.FromDays(164)); // day 364: not due yet
        Assert.Empty((await host.MaintainAsync(customer)).Events);

        host.Time.Advance(TimeSpan.FromDays(1)); // day 365: window (day 0, day 365] holds day 200's 120 points
        var kept = await host.MaintainAsync(customer);
        Assert.Empty(ProgramHost.EventsOf<TierChanged>(kept));
        Assert.Equal("Silver", kept.Account!.Tier);
        Assert.Equal(ProgramHost.Start, kept.Account.TierSince);
        Assert.Equal(ProgramHost.Start.AddDays(730), kept.Account.TierReviewAt);

        host.Time.Advance(TimeSpan.FromDays(365)); // day 730: window (day 365, day 730] earned nothing
        var lowered = await host.MaintainAsync(customer);
        var moved = Assert.Single(ProgramHost.EventsOf<TierChanged>(lowered));
        Assert.Equal(("Silver", "Member", 0L), (moved.FromTier, moved.ToTier, moved.QualifyingPoints));
        Assert.Null(lowered.Account!.TierReviewAt);
        Assert.Equal(220, lowered.Account.Balance); // tiers never touch points
    }
}
