using Crm.Engine.Sales;
using Crm.Engine.Tests.Workflows;

namespace Crm.Engine.Tests.Sales;

/// <summary>Drives samples/workflows/deal-pipeline.json against real deals: stage moves go through the workflow.</summary>
public sealed class DealWorkflowTests : IAsyncLifetime
{
    private WorkflowTestHost _host = null!;

    private ICrmContext Crm => _host.Tenant();

    public async Task InitializeAsync() =>
        _host = await WorkflowTestHost.CreateAsync(b => b.AddWorkflow(Path.Combine(WorkflowTestHost.SamplesDirectory, "deal-pipeline.json")));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task DealPipelineSample_EndToEnd_MovesStagesWithHistoryGuardsAndTimers()
    {
        var pipeline = await Crm.Deals.SavePipelineAsync(SalesHost.StandardPipeline());
        var customer = await _host.CreateCustomerAsync();
        var deal = await Crm.Deals.CreateAsync(new Deal { PipelineId = pipeline.Id, CustomerId = customer.Id, Name = "Fleet", Amount = 25_000m, Currency = "EUR", OwnerId = "alice" });
        var instance = await Crm.Workflows.StartAsync("deal-pipeline", deal.Id);
        Assert.Equal("prospecting", instance.State);

        await Crm.Workflows.FireAsync(instance.Id, "qualify");
        await Crm.Workflows.FireAsync(instance.Id, "propose", """{"amount": 25000}""");
        Assert.Equal(("proposal", 50m), await StageAsync(deal.Id));

        // Ten days in proposal without progress: the stale timer fires and reschedules itself; the stage stays.
        await _host.AdvanceAsync(TimeSpan.FromDays(10));
        Assert.Equal(("proposal", 50m), await StageAsync(deal.Id));

        await Crm.Workflows.FireAsync(instance.Id, "negotiate");

        // The win guard reads the deal's probability from the deal: 75 % in negotiation passes "at least 50 %".
        var result = await Crm.Workflows.FireAsync(instance.Id, "win");
        Assert.Equal("won", result.Instance.State);
        var won = (await Crm.Deals.GetAsync(deal.Id))!;
        Assert.Equal((DealStatus.Won, _host.Time.GetUtcNow()), (won.Status, won.ClosedAt));

        var history = await Crm.Deals.GetStageHistoryAsync(deal.Id);
        Assert.Equal(["prospecting", "qualification", "proposal", "negotiation", "won"], history.Select(h => h.ToStageId));
        Assert.All(history.Skip(1), h => Assert.Equal("workflow:" + instance.Id, h.Actor));
    }

    [Fact]
    public async Task DealPipelineSample_Lose_RecordsReasonAndReopenReturnsToProspecting()
    {
        var pipeline = await Crm.Deals.SavePipelineAsync(SalesHost.StandardPipeline());
        var deal = await Crm.Deals.CreateAsync(new Deal { PipelineId = pipeline.Id, CustomerId = (await _host.CreateCustomerAsync()).Id, Name = "Lost one", Amount = 100m, Currency = "EUR" });
        var instance = await Crm.Workflows.StartAsync("deal-pipeline", deal.Id);

        await Crm.Workflows.FireAsync(instance.Id, "lose", """{"reason": "budget cut"}""");
        var lost = (await Crm.Deals.GetAsync(deal.Id))!;
        Assert.Equal(("lost", DealStatus.Lost, "budget cut"), (lost.StageId, lost.Status, lost.LostReason));

        await Crm.Workflows.FireAsync(instance.Id, "reopen");
        var reopened = (await Crm.Deals.GetAsync(deal.Id))!;
        Assert.Equal(("prospecting", DealStatus.Open, (DateTimeOffset?)null), (reopened.StageId, reopened.Status, reopened.ClosedAt));
    }

    [Fact]
    public async Task DealPipelineSample_QualifyWithoutAmount_GuardRefusesAndStageStays()
    {
        var pipeline = await Crm.Deals.SavePipelineAsync(SalesHost.StandardPipeline());
        var deal = await Crm.Deals.CreateAsync(new Deal { PipelineId = pipeline.Id, CustomerId = (await _host.CreateCustomerAsync()).Id, Name = "Empty", Amount = 0m, Currency = "EUR" });
        var instance = await Crm.Workflows.StartAsync("deal-pipeline", deal.Id);

        await Assert.ThrowsAsync<Crm.Engine.Workflows.CrmWorkflowTriggerException>(() => Crm.Workflows.FireAsync(instance.Id, "qualify"));

        Assert.Equal(("prospecting", 10m), await StageAsync(deal.Id));
        Assert.Single(await Crm.Deals.GetStageHistoryAsync(deal.Id));
    }

    private async Task<(string Stage, decimal Probability)> StageAsync(Guid dealId)
    {
        var deal = (await Crm.Deals.GetAsync(dealId))!;
        return (deal.StageId, deal.Probability);
    }
}
