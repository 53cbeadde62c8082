using Crm.Engine.Sales;

namespace Crm.Engine.Tests.Sales;

/// <summary>A tenant with a lead scoring model of its own scores with it whole; every other tenant uses the engine-wide model.</summary>
public sealed class LeadScoringTenantTests
{
    private const string OwnTenant = "acme-scoring";

    [Fact]
    public async Task Score_TenantWithItsOwnModel_UsesItsRulesThresholdAndDecay()
    {
        await using var host = await SalesHost.CreateAsync(b => b.ConfigureSales(o =>
        {
            o.LeadScoring = new LeadScoringOptions
            {
                Rules = [new("works at a company", """{ "field": "company", "op": "exists" }""", 10)],
                HalfLife = TimeSpan.FromDays(10),
                Threshold = 40,
            };
            o.TenantLeadScoring[OwnTenant] = new LeadScoringOptions
            {
                Rules =
                [
                    new("works at a company", """{ "field": "company", "op": "exists" }""", 30),
                    new("named Grace", """{ "field": "firstName", "op": "eq", "value": "Grace" }""", 5),
                ],
                HalfLife = null,
                Threshold = 25,
            };
        }));
        var shared = host.Crm;
        var own = host.Engine.Tenant(OwnTenant);
        var sharedLead = await CaptureAsync(shared);
        var ownLead = await CaptureAsync(own);

        var sharedScore = await shared.Leads.ScoreAsync(sharedLead.Id);
        var ownScore = await own.Leads.ScoreAsync(ownLead.Id);

        Assert.Equal((10m, false), (sharedScore.Lead.Score, sharedScore.CrossedThreshold)); // company 10 < 40
        Assert.Equal((35m, true), (ownScore.Lead.Score, ownScore.CrossedThreshold)); // company 30 + Grace 5 = 35 >= 25
        Assert.Equal(["works at a company", "named Grace"], ownScore.MatchedRules);
        var crossed = Assert.Single(host.EventsOf<LeadScoreThresholdCrossed>());
        Assert.Equal(OwnTenant, crossed.TenantId);

        // Ten days (one half-life of the shared model) later: 10 decays to 5; the own model has no decay and keeps 35.
        host.Engine.Time.Advance(TimeSpan.FromDays(10));
        Assert.Equal(5m, await shared.Leads.GetCurrentScoreAsync(sharedLead.Id));
        Assert.Equal(35m, await own.Leads.GetCurrentScoreAsync(ownLead.Id));
    }

    [Fact]
    public async Task Score_TenantWithoutAModel_UsesTheEngineWideOne()
    {
        await using var host = await SalesHost.CreateAsync(b => b.ConfigureSales(o =>
        {
            o.LeadScoring = new LeadScoringOptions { Rules = [new("works at a company", """{ "field": "company", "op": "exists" }""", 10)] };
            o.TenantLeadScoring[OwnTenant] = new LeadScoringOptions { Rules = [new("works at a company", """{ "field": "company", "op": "exists" }""", 30)] };
        }));
        var other = host.Engine.Tenant("another-tenant");

        var scored = await other.Leads.ScoreAsync((await CaptureAsync(other)).Id);

        Assert.Equal(10m, scored.Lead.Score);
    }

    private static async Task<LeadProfile> CaptureAsync(ICrmContext crm)
    {
        var customer = await crm.Customers.CreateAsync(new Customer { FirstName = "Grace", LastName = "Hopper", Company = "Navy", Emails = [$"grace-{Guid.NewGuid():N}@example.com"], LifecycleStage = LifecycleStage.Lead });
        return await crm.Leads.CaptureAsync(customer.Id, new LeadSource(LeadSourceKind.Api, "api", null));
    }
}
