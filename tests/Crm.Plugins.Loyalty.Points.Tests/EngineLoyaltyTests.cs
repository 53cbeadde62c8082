using System.Text.Json;
using Crm.Engine.Events;
using Crm.Engine.Loyalty;
using Crm.Engine.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Plugins.Loyalty.Points.Tests;

public sealed class EngineLoyaltyTests
{
    private const string Workflow = """
        {
          "schemaVersion": 1,
          "id": "welcome-points",
          "version": 1,
          "entity": "customer",
          "initialState": "new",
          "triggers": { "welcome": {} },
          "states": {
            "new": {},
            "welcomed": { "onEntry": [ { "action": "awardPoints", "params": { "points": 100, "reason": "Welcome bonus" } } ] }
          },
          "transitions": [ { "from": "new", "trigger": "welcome", "to": "welcomed" } ]
        }
        """;

    [Fact]
    public async Task Loyalty_WithoutAProgram_IsNotSupported_NamingHowToInstallOne()
    {
        await using var host = await EngineHost.CreateAsync();
        var error = Assert.Throws<NotSupportedException>(() => host.Crm.Loyalty);
        Assert.Contains("AddLoyaltyPoints", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordedPurchase_EarnsOnce_EvenWhenTheEventIsDeliveredAgain()
    {
        await using var host = await EngineHost.CreateAsync(b => b.AddLoyaltyPoints(o => o.PointsPerCurrencyUnit = 1));
        var awarded = new List<PointsAwarded>();
        using var subscription = host.Provider.GetRequiredService<ICrmEventBus>().Subscribe<PointsAwarded>((e, _) => { lock (awarded) { awarded.Add(e); } return Task.CompletedTask; });
        var customer = await host.CustomerAsync();

        var purchase = await host.PurchaseAsync(customer.Id, 59.90m);
        var redelivered = new PurchaseRecorded(purchase) { EventId = Guid.NewGuid(), TenantId = purchase.TenantId, OccurredAt = host.Time.GetUtcNow() };
        await host.Provider.GetRequiredService<ICrmEventBus>().PublishAsync(redelivered);

        var account = await host.Crm.Loyalty.GetAccountAsync(customer.Id);
        Assert.Equal(59, account!.Balance);
        var ledger = await host.Crm.Loyalty.GetLedgerAsync(customer.Id);
        Assert.Equal("plugin:crm.loyalty.points", Assert.Single(ledger.Items).Actor);
        Assert.Single(awarded);
    }

    [Fact]
    public async Task Post_ValidatesInput_ChecksTheCustomer_AndRefusesOverdraftsWithATypedError()
    {
        await using var host = await EngineHost.CreateAsync(b => b.AddLoyaltyPoints(_ => { }));
        var customer = await host.CustomerAsync();

        var invalid = await Assert.ThrowsAsync<CrmValidationException>(() => host.Crm.Loyalty.PostAsync(new LoyaltyPosting { CustomerId = customer.Id, Kind = LoyaltyEntryKind.Redeem, Points = 0, Reason = "", IdempotencyKey = "k" }));
        Assert.Equal(["posting.reason", "posting.points"], invalid.Errors.Select(e => e.Path));
        await Assert.ThrowsAsync<CrmNotFoundException>(() => host.Crm.Loyalty.PostAsync(ProgramHost.Award(Guid.NewGuid(), 5, "k")));

        await host.Crm.Loyalty.PostAsync(ProgramHost.Award(customer.Id, 30, "goodwill"));
        var overdraft = await Assert.ThrowsAsync<CrmInsufficientPointsException>(() => host.Crm.Loyalty.PostAsync(ProgramHost.Redeem(customer.Id, 31, "reward-1")));
        Assert.Equal((31L, 30L), (overdraft.Requested, overdraft.Available));
        Assert.Equal(30, (await host.Crm.Loyalty.GetAccountAsync(customer.Id))!.Balance);
    }

    [Fact]
    public async Task Post_InARolledBackUnitOfWork_LeavesNoPointsAndRaisesNoEvents()
    {
        await using var host = await EngineHost.CreateAsync(b => b.AddLoyaltyPoints(_ => { }));
        var raised = 0;
        using var subscription = host.Provider.GetRequiredService<ICrmEventBus>().Subscribe<PointsAwarded>((_, _) => { Interlocked.Increment(ref raised); return Task.CompletedTask; });
        var customer = await host.CustomerAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Crm.TransactAsync(async ct =>
        {
            await host.Crm.Loyalty.PostAsync(ProgramHost.Award(customer.Id, 40, "in-unit"), ct);
            throw new InvalidOperationException("the order failed");
        }));

        Assert.Null(await host.Crm.Loyalty.GetAccountAsync(customer.Id));
        Assert.Equal(0, raised);
    }

    [Fact]
    public async Task AwardPointsAction_AwardsOncePerStep_InTheStepsTransaction()
    {
        await using var host = await EngineHost.CreateAsync(b => b.AddLoyaltyPoints(_ => { }).AddWorkflow(Workflow));
        var customer = await host.CustomerAsync();

        var instance = await host.Crm.Workflows.StartAsync("welcome-points", customer.Id);
        await host.Crm.Workflows.FireAsync(instance.Id, "welcome");

        var entry = Assert.Single((await host.Crm.Loyalty.GetLedgerAsync(customer.Id)).Items);
        Assert.Equal((100L, "Welcome bonus"), (entry.Points, entry.Reason));
        Assert.StartsWith("workflow:", entry.IdempotencyKey, StringComparison.Ordinal);
        Assert.Equal("workflow:welcome-points", entry.Actor);
    }

    [Fact]
    public async Task MaintainDue_ExpiresEveryDueAccountOfTheTenant()
    {
        await using var host = await EngineHost.CreateAsync(b => b.AddLoyaltyPoints(o => o.PointsLifetime = TimeSpan.FromDays(30)));
        var ada = await host.CustomerAsync();
        var bob = await host.CustomerAsync();
        await host.PurchaseAsync(ada.Id, 10m);
        await host.PurchaseAsync(bob.Id, 20m);
        host.Time.Advance(TimeSpan.FromDays(30));

        Assert.Equal(2, await host.Crm.Loyalty.MaintainDueAsync());
        Assert.Equal(0, (await host.Crm.Loyalty.GetAccountAsync(ada.Id))!.Balance);
        Assert.Equal(0, (await host.Crm.Loyalty.GetAccountAsync(bob.Id))!.Balance);
        Assert.Equal(0, await host.Crm.Loyalty.MaintainDueAsync());
    }

    [Fact]
    public async Task PluginRegisteredThroughTheHost_ServesLoyaltyThroughTheGuard_AndAwardsOnPurchase()
    {
        await using var host = await EngineHost.CreateAsync(
            b => b.AddPlugin<LoyaltyPointsPlugin>(),
            s => s.Configure<PluginHostOptions>(o => o.Settings["crm.loyalty.points"] = JsonSerializer.SerializeToElement(new
            {
                pointsPerCurrencyUnit = 10,
                tiers = new object[] { new { name = "Member", threshold = 0 }, new { name = "Gold", threshold = 1000, benefits = new[] { "lounge" } } },
            })));
        var customer = await host.CustomerAsync();

        await host.PurchaseAsync(customer.Id, 100m);

        var account = await host.Crm.Loyalty.GetAccountAsync(customer.Id);
        Assert.Equal(1000, account!.Balance); // 100 EUR * 10
        Assert.Equal("Gold", account.Tier);
        var program = await host.Crm.Loyalty.GetProgramAsync();
        Assert.Equal(["Member", "Gold"], program.Tiers.Select(t => t.Name));
        Assert.Equal(["lounge"], program.Tiers[1].Benefits);
    }
}
