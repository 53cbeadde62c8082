using Crm.Engine.Loyalty;

namespace Crm.Plugins.Loyalty.Points.Tests;

public sealed class ExpiryTests
{
    [Fact]
    public async Task Maintain_ExpiresSoonestExpiringPointsLessWhatWasSpent()
    {
        await using var host = await ProgramHost.CreateAsync(o => o.PointsLifetime = TimeSpan.FromDays(30));
        var customer = Guid.NewGuid();
        await host.EarnAsync(host.Purchase(customer, 100m)); // day 0, expires day 30
        host.Time.Advance(TimeSpan.FromDays(10));
        await host.EarnAsync(host.Purchase(customer, 50m)); // day 10, expires day 40
        host.Time.Advance(TimeSpan.FromDays(5));
        await host.PostAsync(ProgramHost.Redeem(customer, 30, "r1")); // day 15: the 30 come out of day 0's points

        host.Time.Advance(TimeSpan.FromDays(14)); // day 29
        Assert.Empty((await host.MaintainAsync(customer)).Entries);

        host.Time.Advance(TimeSpan.FromDays(1)); // day 30: 100 - 30 = 70 expire
        var first = await host.MaintainAsync(customer);
        var expiry = Assert.Single(first.Entries);
        Assert.Equal((LoyaltyEntryKind.Expire, -70L), (expiry.Kind, expiry.Points));
        Assert.Equal(50, first.Account!.Balance); // 150 - 30 - 70
        Assert.Single(ProgramHost.EventsOf<PointsExpired>(first));
        Assert.Empty((await host.MaintainAsync(customer)).Entries); // nothing more due at day 30

        host.Time.Advance(TimeSpan.FromDays(10)); // day 40: day 10's 50 expire
        var second = await host.MaintainAsync(customer);
        Assert.Equal(-50, Assert.Single(second.Entries).Points);
        Assert.Equal(0, second.Account!.Balance);
        Assert.Equal(0, await host.ReadAsync(s => s.SumEntriesAsync(customer, CancellationToken.None)));
    }

    [Fact]
    public async Task ManualAwards_ExpireToo_AndUnknownCustomersAreANoOp()
    {
        await using var host = await ProgramHost.CreateAsync(o => o.PointsLifetime = TimeSpan.FromDays(1));
        var customer = Guid.NewGuid();
        await host.PostAsync(ProgramHost.Award(customer, 10, "goodwill-1"));
        host.Time.Advance(TimeSpan.FromDays(1));

        Assert.Equal(-10, Assert.Single((await host.MaintainAsync(customer)).Entries).Points);
        var none = await host.MaintainAsync(Guid.NewGuid());
        Assert.Null(none.Account);
        Assert.Empty(none.Entries);
    }
}
