using System.Text.Json;
using Crm.Engine.Events;
using Crm.Engine.Loyalty;
using Crm.Engine.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Plugins.Loyalty.Points.Tests;

/// <summary>
/// <see cref="ILoyaltyRule"/>s exported by their own plugins (real fixture plugins loaded from folders, or registered in
/// the engine's services) apply to the installed program's next award, through the plugin guard.
/// </summary>
public sealed class ContributedRuleTests : IDisposable
{
    private readonly RulePluginFolder _plugins = new();

    [Fact]
    public async Task RulePluginFromAFolder_AppliesToTheNextPurchase_OnceEvenWhenRedelivered()
    {
        _plugins.Deploy(RulePluginFolder.V1, "bonus");
        await using var host = await EngineHost.CreateAsync(b => b
            .AddLoyaltyPoints(o => o.PointsPerCurrencyUnit = 1)
            .AddPluginsFromDirectory(_plugins.Root, o => o.EnableHotReload = false));
        var customer = await host.CustomerAsync();

        var purchase = await host.PurchaseAsync(customer.Id, 100m);
        var redelivered = new PurchaseRecorded(purchase) { EventId = Guid.NewGuid(), TenantId = purchase.TenantId, OccurredAt = host.Time.GetUtcNow() };
        await host.Provider.GetRequiredService<ICrmEventBus>().PublishAsync(redelivered);

        Assert.Equal(110, (await host.Crm.Loyalty.GetAccountAsync(customer.Id))!.Balance); // 100 spend + 10 fixture bonus, once
        var ledger = await host.Crm.Loyalty.GetLedgerAsync(customer.Id);
        var bonus = Assert.Single(ledger.Items, e => e.Rule == "fixture-bonus");
        Assert.Equal(10, bonus.Points);
        Assert.Equal($"purchase:{purchase.Id:N}:fixture-bonus", bonus.IdempotencyKey);
        Assert.Equal(2, ledger.Items.Count);
    }

    [Fact]
    public async Task HotReloadedVersion2_ChangesThePointsOfTheNextPurchase_AndLeavesEarlierAwardsAlone()
    {
        _plugins.Deploy(RulePluginFolder.V1, "bonus");
        await using var host = await EngineHost.CreateAsync(b => b
            .AddLoyaltyPoints(o => o.PointsPerCurrencyUnit = 1)
            .AddPluginsFromDirectory(_plugins.Root, o =>
            {
                o.WatchMode = PluginWatchMode.Polling;
                o.PollingInterval = TimeSpan.FromMilliseconds(100);
                o.ReloadDebounce = TimeSpan.FromMilliseconds(100);
            }));
        var customer = await host.CustomerAsync();
        var first = await host.PurchaseAsync(customer.Id, 100m);

        _plugins.Deploy(RulePluginFolder.V2, "bonus");
        await RulePluginFolder.WaitForAsync(host, RulePluginFolder.RulePluginId, p => p.Version == "2.0.0" && p.State == PluginState.Active);
        var second = await host.PurchaseAsync(customer.Id, 100m);

        var bonuses = (await host.Crm.Loyalty.GetLedgerAsync(customer.Id)).Items.Where(e => e.Rule == "fixture-bonus").ToDictionary(e => e.SourceId!, e => e.Points);
        Assert.Equal(10, bonuses[first.Id.ToString("N")]);
        Assert.Equal(25, bonuses[second.Id.ToString("N")]);
        Assert.Equal(235, (await host.Crm.Loyalty.GetAccountAsync(customer.Id))!.Balance); // (100 + 10) + (100 + 25)
    }

    [Fact]
    public async Task ThrowingRule_IsAContainedPluginFault_AndEveryOtherRuleStillAwards()
    {
        _plugins.Deploy(RulePluginFolder.Throwing, "broken");
        _plugins.Deploy(RulePluginFolder.V1, "bonus");
        await using var host = await EngineHost.CreateAsync(b => b
            .AddLoyaltyPoints(o => o.PointsPerCurrencyUnit = 1)
            .AddPluginsFromDirectory(_plugins.Root, o => o.EnableHotReload = false));
        var customer = await host.CustomerAsync();

        var purchase = await host.PurchaseAsync(customer.Id, 100m);

        // spend 100 + fixture-steady 3 (the broken plugin's good rule) + fixture-bonus 10; fixture-throwing awards nothing.
        Assert.Equal(113, (await host.Crm.Loyalty.GetAccountAsync(customer.Id))!.Balance);
        var rules = (await host.Crm.Loyalty.GetLedgerAsync(customer.Id)).Items.Select(e => e.Rule).Order(StringComparer.Ordinal);
        Assert.Equal(["fixture-bonus", "fixture-steady", "spend"], rules);
        var broken = host.Provider.GetRequiredService<IPluginCatalog>().FindPlugin(RulePluginFolder.ThrowingPluginId)!;
        Assert.Equal(1, broken.Statistics.Failures);
        Assert.Contains("broken on purpose", broken.LastError, StringComparison.Ordinal);
        Assert.Equal(PluginState.Active, broken.State);
        Assert.NotEqual(Guid.Empty, purchase.Id);
    }

    [Fact]
    public async Task ProgramLoadedAsAPlugin_ReceivesTheContributions_AndItsCampaignMultiplierMultipliesThem()
    {
        _plugins.Deploy(RulePluginFolder.V1, "bonus");
        await using var host = await EngineHost.CreateAsync(
            b => b.AddPlugin<LoyaltyPointsPlugin>().AddPluginsFromDirectory(_plugins.Root, o => o.EnableHotReload = false),
            s => s.Configure<PluginHostOptions>(o => o.Settings["crm.loyalty.points"] = JsonSerializer.SerializeToElement(new
            {
                pointsPerCurrencyUnit = 1,
                campaignMultipliers = new[] { new { name = "Launch week", multiplier = 2, from = EngineHost.Start.AddDays(-1), until = EngineHost.Start.AddDays(1) } },
            })));
        var customer = await host.CustomerAsync();

        await host.PurchaseAsync(customer.Id, 100m);

        var ledger = (await host.Crm.Loyalty.GetLedgerAsync(customer.Id)).Items.ToDictionary(e => e.Rule!, e => e.Points);
        Assert.Equal(100, ledger["spend"]);
        Assert.Equal(10, ledger["fixture-bonus"]);
        Assert.Equal(110, ledger["campaign"]); // floor((100 + 10) × (2 − 1))
        Assert.Equal(220, (await host.Crm.Loyalty.GetAccountAsync(customer.Id))!.Balance);
    }

    [Fact]
    public async Task RuleRegisteredInTheEngineServices_ReachesAPluginProgram_AndAThrowingOneIsSkipped()
    {
        await using var host = await EngineHost.CreateAsync(
            b => b.AddPlugin<LoyaltyPointsPlugin>(),
            s =>
            {
                s.AddLoyaltyRule<BrokenRule>();
                s.AddLoyaltyRule<FivePointsRule>();
                s.Configure<PluginHostOptions>(o => o.Settings["crm.loyalty.points"] = JsonSerializer.SerializeToElement(new { pointsPerCurrencyUnit = 1 }));
            });
        var customer = await host.CustomerAsync();

        await host.PurchaseAsync(customer.Id, 40m);

        Assert.Equal(45, (await host.Crm.Loyalty.GetAccountAsync(customer.Id))!.Balance); // 40 spend + 5; the broken rule awards nothing
    }

    [Fact]
    public async Task ContributedRuleNamedLikeAProgramRule_IsSkipped_SoKeysNeverCollide()
    {
        await using var host = await EngineHost.CreateAsync(
            b => b.AddPlugin<LoyaltyPointsPlugin>(),
            s =>
            {
                s.AddLoyaltyRule<ImpostorSpendRule>();
                s.Configure<PluginHostOptions>(o => o.Settings["crm.loyalty.points"] = JsonSerializer.SerializeToElement(new { pointsPerCurrencyUnit = 1 }));
            });
        var customer = await host.CustomerAsync();

        await host.PurchaseAsync(customer.Id, 40m);

        var entry = Assert.Single((await host.Crm.Loyalty.GetLedgerAsync(customer.Id)).Items);
        Assert.Equal(40, entry.Points); // the program's own 'spend' rule; the impostor's 1,000 never ran
    }

    public void Dispose() => _plugins.Dispose();

    private sealed class FivePointsRule : ILoyaltyRule
    {
        public string Name => "five";

        public LoyaltyAward? Evaluate(LoyaltyEarningEvent earning, LoyaltyRuleContext context) => new(5, "Five");
    }

    private sealed class BrokenRule : ILoyaltyRule
    {
        public string Name => "broken";

        public LoyaltyAward? Evaluate(LoyaltyEarningEvent earning, LoyaltyRuleContext context) => throw new InvalidOperationException("broken");
    }

    private sealed class ImpostorSpendRule : ILoyaltyRule
    {
        public string Name => "spend";

        public LoyaltyAward? Evaluate(LoyaltyEarningEvent earning, LoyaltyRuleContext context) => new(1_000, "Impostor");
    }
}
