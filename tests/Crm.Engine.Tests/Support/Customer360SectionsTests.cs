using Crm.Engine.Feedback;
using Crm.Engine.Loyalty;
using Crm.Engine.Sales;
using Crm.Engine.Security;
using Crm.Engine.Storage;
using Crm.Engine.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Tests.Support;

public sealed class Customer360SectionsTests
{
    [Fact]
    public async Task Get_IncludesOpenDealsLoyaltyAndRecentFeedback_OfThisCustomerOnly()
    {
        await using var host = await SupportHost.CreateAsync();
        var customer = await host.CustomerAsync();
        var other = await host.CustomerAsync("Grace");
        var pipeline = await host.Crm.Deals.SavePipelineAsync(new Pipeline
        {
            Name = "New business",
            Stages = [new("open", "Open", 20), new("won", "Won", 100, DealStatus.Won), new("lost", "Lost", 0, DealStatus.Lost)],
        });
        var open = await host.Crm.Deals.CreateAsync(new Deal { PipelineId = pipeline.Id, CustomerId = customer.Id, Name = "Open", Amount = 100m, Currency = "EUR" });
        var won = await host.Crm.Deals.CreateAsync(new Deal { PipelineId = pipeline.Id, CustomerId = customer.Id, Name = "Won", Amount = 50m, Currency = "EUR" });
        await host.Crm.Deals.MoveStageAsync(won.Id, "won");
        await host.Crm.Deals.CreateAsync(new Deal { PipelineId = pipeline.Id, CustomerId = other.Id, Name = "Hers", Amount = 10m, Currency = "EUR" });
        await AppendPointsAsync(host, customer.Id, 120);
        var survey = await host.Crm.Feedback.DefineSurveyAsync(new Survey
        {
            Name = "NPS",
            Questions = [new SurveyQuestion { Id = "nps", Text = "Recommend us?", Type = SurveyQuestionType.Nps, Required = true }],
        });
        await host.Crm.Feedback.RecordAsync(new SurveyResponse { Id = Guid.Empty, SurveyId = survey.Id, CustomerId = customer.Id, Answers = [new SurveyAnswer("nps") { Score = 9 }], ReceivedAt = host.Time.GetUtcNow() });
        await host.Crm.Feedback.RecordAsync(new SurveyResponse { Id = Guid.Empty, SurveyId = survey.Id, CustomerId = other.Id, Answers = [new SurveyAnswer("nps") { Score = 2 }], ReceivedAt = host.Time.GetUtcNow() });

        var view = (await host.Crm.Customer360.GetAsync(new Customer360Request { CustomerId = customer.Id }))!;

        Assert.Equal([open.Id], view.OpenDeals!.Items.Select(d => d.Id)); // the won deal and Grace's are not open deals of hers
        Assert.Equal(120, view.Loyalty!.Balance);
        Assert.Equal([9], view.RecentFeedback!.Items.Select(r => r.NpsScore));
    }

    [Fact]
    public async Task Get_CallerWithoutDealLoyaltyOrFeedbackRights_GetsTheRestWithThoseSectionsNull()
    {
        await using var host = await SupportHost.CreateAsync(builder: b => b.ConfigureSecurity(o => o.Role("agent").Grant("customers.read", "interactions.read", "purchases.read", "cases.read")));
        var customer = await host.CustomerAsync();
        var agent = host.Engine.Engine.ForCaller(new CrmCaller(host.Crm.Caller.TenantId, "agent-1") { Roles = new HashSet<string> { "agent" } });

        var view = (await agent.Customer360.GetAsync(new Customer360Request { CustomerId = customer.Id }))!;

        Assert.Equal(customer.Id, view.Profile.Id);
        Assert.Null(view.OpenDeals);
        Assert.Null(view.Loyalty);
        Assert.Null(view.RecentFeedback);
    }

    private static async Task AppendPointsAsync(SupportHost host, Guid customerId, long points)
    {
        var provider = host.Engine.Provider.GetRequiredService<IStorageProvider>();
        await using var session = await provider.OpenSessionAsync(host.Crm.Caller.TenantId, CancellationToken.None);
        await session.Loyalty.AppendAsync(
            new LoyaltyLedgerEntry
            {
                Id = Guid.CreateVersion7(),
                CustomerId = customerId,
                Kind = LoyaltyEntryKind.Earn,
                Points = points,
                IdempotencyKey = "test:" + customerId,
                Reason = "welcome bonus",
                OccurredAt = host.Time.GetUtcNow(),
            },
            CancellationToken.None);
    }
}
