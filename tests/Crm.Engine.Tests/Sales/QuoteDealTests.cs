using Crm.Engine.Sales;

namespace Crm.Engine.Tests.Sales;

/// <summary>Accepting a quote wins its deal through the stage mover, in the acceptance's transaction, unless configured off.</summary>
public sealed class QuoteDealTests
{
    [Fact]
    public async Task Accept_QuoteOfOpenDeal_MovesTheDealToWonWithHistoryAndEvents()
    {
        await using var host = await SalesHost.CreateAsync();
        var (deal, quote) = await DealWithQuoteAsync(host);

        var accepted = await host.Crm.Quotes.AcceptAsync(quote.Id);

        var won = (await host.Crm.Deals.GetAsync(deal.Id))!;
        Assert.Equal(("won", DealStatus.Won, 100m, host.Now), (won.StageId, won.Status, won.Probability, won.ClosedAt));
        var history = await host.Crm.Deals.GetStageHistoryAsync(deal.Id);
        Assert.Equal(3, history.Count); // created in prospecting (1), moved to proposal (2), won by the acceptance (3)
        Assert.Equal(("proposal", "won", 4, host.Crm.Caller.UserId), (history[2].FromStageId, history[2].ToStageId, history[2].ToPosition, history[2].Actor));
        Assert.Equal(deal.Id, Assert.Single(host.EventsOf<DealWon>()).Deal.Id);
        Assert.Equal(deal.Id, accepted.Order.DealId);
    }

    [Fact]
    public async Task Accept_WithTheOptionOff_LeavesTheDealOpen()
    {
        await using var host = await SalesHost.CreateAsync(b => b.ConfigureSales(o => o.WinDealOnQuoteAcceptance = false));
        var (deal, quote) = await DealWithQuoteAsync(host);

        await host.Crm.Quotes.AcceptAsync(quote.Id);

        Assert.Equal(("proposal", DealStatus.Open), ((await host.Crm.Deals.GetAsync(deal.Id))!.StageId, (await host.Crm.Deals.GetAsync(deal.Id))!.Status));
        Assert.Equal(2, (await host.Crm.Deals.GetStageHistoryAsync(deal.Id)).Count);
        Assert.Empty(host.EventsOf<DealWon>());
    }

    [Fact]
    public async Task Accept_Failing_LeavesTheDealWhereItWas()
    {
        await using var host = await SalesHost.CreateAsync();
        var (deal, _) = await DealWithQuoteAsync(host);

        // 1.0001 x 3.3333 leaves a purchase-line discount with more than 4 decimals, which purchases refuse (see QuoteTests).
        var odd = await host.Crm.Quotes.CreateAsync(new Quote { CustomerId = deal.CustomerId, DealId = deal.Id, Currency = "EUR", Lines = [new QuoteLine("X", "Odd", 1.0001m, 3.3333m)] });

        await Assert.ThrowsAsync<CrmValidationException>(() => host.Crm.Quotes.AcceptAsync(odd.Id));

        Assert.Equal(DealStatus.Open, (await host.Crm.Deals.GetAsync(deal.Id))!.Status);
        Assert.Equal(2, (await host.Crm.Deals.GetStageHistoryAsync(deal.Id)).Count);
        Assert.Empty(host.EventsOf<DealWon>());
        Assert.DoesNotContain(host.EventsOf<DealStageChanged>(), e => e.Change.ToStageId == "won");
    }

    [Fact]
    public async Task Accept_QuoteOfAWonDeal_AddsNoStageChange()
    {
        await using var host = await SalesHost.CreateAsync();
        var (deal, quote) = await DealWithQuoteAsync(host);
        await host.Crm.Deals.MoveStageAsync(deal.Id, "won");

        await host.Crm.Quotes.AcceptAsync(quote.Id);

        Assert.Equal(3, (await host.Crm.Deals.GetStageHistoryAsync(deal.Id)).Count); // prospecting, proposal, won: no fourth entry
        Assert.Single(host.EventsOf<DealWon>());
    }

    private static async Task<(Deal Deal, Quote Quote)> DealWithQuoteAsync(SalesHost host)
    {
        var pipeline = await host.Crm.Deals.SavePipelineAsync(SalesHost.StandardPipeline());
        var customer = await host.CustomerAsync();
        var deal = await host.DealAsync(pipeline.Id, customer.Id, 60.78m);
        deal = await host.Crm.Deals.MoveStageAsync(deal.Id, "proposal");
        var quote = await host.Crm.Quotes.CreateAsync(new Quote
        {
            CustomerId = customer.Id,
            DealId = deal.Id,
            Currency = "EUR",
            Lines = [new QuoteLine("A-1", "Widget", 2, 30.39m)],
        });
        return (deal, quote);
    }
}
