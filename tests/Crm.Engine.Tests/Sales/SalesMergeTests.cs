using Crm.Engine.Sales;

namespace Crm.Engine.Tests.Sales;

public sealed class SalesMergeTests : IAsyncLifetime
{
    private SalesHost _host = null!;

    public async Task InitializeAsync() => _host = await SalesHost.CreateAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Merge_MovesDealsAndLeadProfileToTheSurvivor()
    {
        var pipeline = await _host.Crm.Deals.SavePipelineAsync(SalesHost.StandardPipeline());
        var survivor = await _host.CustomerAsync("Ada");
        var merged = await _host.CustomerAsync("Augusta", LifecycleStage.Lead);
        var campaign = Guid.NewGuid();
        await _host.Crm.Leads.CaptureAsync(merged.Id, new LeadSource(LeadSourceKind.Inbound, "email", campaign));
        var d1 = await _host.DealAsync(pipeline.Id, merged.Id, 100m);
        var d2 = await _host.DealAsync(pipeline.Id, merged.Id, 200m);
        var kept = await _host.DealAsync(pipeline.Id, survivor.Id, 300m);

        var result = await _host.Crm.Duplicates.MergeAsync(survivor.Id, merged.Id);

        Assert.Equal(3, result.Record.ParticipantsMoved["deals"]); // two deals and the lead profile
        var deals = (await _host.Crm.Deals.ListAsync(new DealQuery { CustomerId = survivor.Id })).Items;
        Assert.Equal(new[] { d1.Id, d2.Id, kept.Id }.Order(), deals.Select(d => d.Id).Order());
        Assert.All(deals, d => Assert.Equal(survivor.Id, d.CustomerId));
        Assert.Equal(d1.Version + 1, deals.Single(d => d.Id == d1.Id).Version);
        Assert.Empty((await _host.Crm.Deals.ListAsync(new DealQuery { CustomerId = merged.Id })).Items);
        Assert.Equal(campaign, (await _host.Crm.Leads.GetAsync(survivor.Id))!.Source.CampaignId);
        Assert.Null(await _host.Crm.Leads.GetAsync(merged.Id));
    }
}
