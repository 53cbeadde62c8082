using Crm.Engine.Sales;

namespace Crm.Engine.Tests.Sales;

public sealed class LeadTests : IAsyncLifetime
{
    // A lead workflow that waits in "new" until the score threshold trigger moves it to "salesReady".
    private const string ThresholdWorkflow = """
        {
          "schemaVersion": 1, "id": "lead-scoring", "version": 1, "entity": "lead", "initialState": "new",
          "triggers": { "scoreThresholdReached": {} },
          "states": { "new": {}, "salesReady": { "final": true } },
          "transitions": [ { "from": "new", "trigger": "scoreThresholdReached", "to": "salesReady" } ]
        }
        """;

    private SalesHost _host = null!;

    private ILeadService Leads => _host.Crm.Leads;

    public async Task InitializeAsync() => _host = await SalesHost.CreateAsync(b => b
        .AddWorkflow(ThresholdWorkflow)
        .ConfigureSales(o => o.LeadScoring = new LeadScoringOptions
        {
            Rules =
            [
                new("works at a company", """{ "field": "company", "op": "exists" }""", 10),
                new("VIP tag", """{ "field": "tags", "op": "contains", "value": "vip" }""", 25),
                new("engaged", """{ "field": "interactionCount", "op": "gte", "value": 2 }""", 15),
            ],
            HalfLife = TimeSpan.FromDays(10),
            Threshold = 40,
            Qualification = new BantCriteria { MinimumBudget = 5_000, MinimumMet = 3, MaximumTimelineDays = 90 },
        }));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task CaptureWebForm_MapsFieldsAttributesAndDeduplicatesByEmail()
    {
        var form = new WebFormSubmission(
            "contact-us",
            new Dictionary<string, string> { ["fname"] = "Grace", ["mail"] = " Grace@Example.COM ", ["org"] = "Navy", ["size"] = "500", ["ignored"] = "x" },
            new Dictionary<string, string> { ["fname"] = "firstName", ["mail"] = "email", ["org"] = "company", ["size"] = "attributes.employees" })
        {
            CampaignId = Guid.NewGuid(),
        };

        var first = await Leads.CaptureWebFormAsync(form);
        var second = await Leads.CaptureWebFormAsync(form with { FormId = "newsletter" });

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Customer.Id, second.Customer.Id);
        Assert.Equal(("Grace", "Navy", "grace@example.com", LifecycleStage.Lead), (first.Customer.FirstName, first.Customer.Company, first.Customer.PrimaryEmail, first.Customer.LifecycleStage));
        Assert.Equal("500", first.Customer.Attributes["employees"].AsString());
        Assert.Equal(new LeadSource(LeadSourceKind.WebForm, "web", form.CampaignId, "contact-us"), second.Lead.Source); // the first attribution stays
        Assert.Single(_host.EventsOf<LeadCaptured>());
    }

    [Fact]
    public async Task CaptureWebForm_UnknownTargetFieldOrNoEmail_FailsNamingTheField()
    {
        var bad = new WebFormSubmission("f", new Dictionary<string, string> { ["a"] = "x", ["m"] = "a@b.co" }, new Dictionary<string, string> { ["a"] = "shoeSize", ["m"] = "email" });
        var noEmail = new WebFormSubmission("f", new Dictionary<string, string> { ["a"] = "x" }, new Dictionary<string, string> { ["a"] = "firstName" });

        var unknown = await Assert.ThrowsAsync<CrmValidationException>(() => Leads.CaptureWebFormAsync(bad));
        var missing = await Assert.ThrowsAsync<CrmValidationException>(() => Leads.CaptureWebFormAsync(noEmail));

        Assert.Contains(unknown.Errors, e => e.Path == "fieldMap['a']" && e.Message.Contains("shoeSize", StringComparison.Ordinal));
        Assert.Contains(missing.Errors, e => e.Path == "fields" && e.Message.Contains("no email", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Qualify_BantCriteria_QualifiesOnceWhenMet()
    {
        var lead = await CaptureAsync();
        var today = DateOnly.FromDateTime(_host.Now.UtcDateTime);

        // Authority and need (required) but budget below 5,000 and timeline beyond 90 days: 2 of 4 met.
        var partly = await Leads.QualifyAsync(lead.Id, new BantQualification(4_000m, "EUR", true, "CRM", today.AddDays(120)));
        Assert.Null(partly.QualifiedAt);

        // Budget met too: 3 of 4.
        var qualified = await Leads.QualifyAsync(lead.Id, partly.Bant with { Budget = 5_000m });
        Assert.Equal(_host.Now, qualified.QualifiedAt);
        _host.Engine.Time.Advance(TimeSpan.FromDays(1));
        var again = await Leads.QualifyAsync(lead.Id, qualified.Bant with { Timeline = today.AddDays(30) });
        Assert.Equal(qualified.QualifiedAt, again.QualifiedAt);
        Assert.Single(_host.EventsOf<LeadQualified>());

        // Without authority (required) nothing qualifies, whatever else is met.
        var other = await CaptureAsync("Alan");
        Assert.Null((await Leads.QualifyAsync(other.Id, new BantQualification(9_000m, "EUR", false, "CRM", today.AddDays(10)))).QualifiedAt);
    }

    [Fact]
    public async Task Score_RulesDecayAndThreshold_CrossingFiresTheWorkflowTriggerOnce()
    {
        var lead = await CaptureAsync(company: "Acme");
        var instance = await _host.Crm.Workflows.StartAsync("lead-scoring", lead.Id);

        // Company: 10 points. Below the threshold of 40.
        var first = await Leads.ScoreAsync(lead.Id);
        Assert.Equal((10m, false), (first.Lead.Score, first.CrossedThreshold));
        Assert.Equal(["works at a company"], first.MatchedRules);

        // Ten days later (one half-life): 10 -> 5, plus company 10, VIP 25, two interactions 15 = 55: crosses 40.
        _host.Engine.Time.Advance(TimeSpan.FromDays(10));
        var customer = (await _host.Crm.Customers.GetAsync(lead.Id))!;
        await _host.Crm.Customers.UpdateAsync(customer with { Tags = ["vip"] });
        await RecordInteractionsAsync(lead.Id, 2);
        var second = await Leads.ScoreAsync(lead.Id);
        Assert.Equal((5m, 55m, true), (second.DecayedBefore, second.Lead.Score, second.CrossedThreshold));
        Assert.Equal("salesReady", (await _host.Crm.Workflows.GetAsync(instance.Id))!.State);

        // Scoring again right away: 55 + 50 = 105, still above: no second crossing, no second event.
        var third = await Leads.ScoreAsync(lead.Id);
        Assert.Equal((105m, false), (third.Lead.Score, third.CrossedThreshold));
        Assert.Single(_host.EventsOf<LeadScoreThresholdCrossed>());
        Assert.Equal(3, _host.EventsOf<LeadScored>().Count);

        // Forty days later the score decayed to 105 / 16 = 6.5625 (below 40); the current score shows it without storing.
        _host.Engine.Time.Advance(TimeSpan.FromDays(40));
        Assert.Equal(6.5625m, await Leads.GetCurrentScoreAsync(lead.Id));

        // Rescoring: 6.5625 + 50 = 56.5625, above again after having fallen below: a new crossing.
        var fourth = await Leads.ScoreAsync(lead.Id);
        Assert.Equal((56.5625m, true), (fourth.Lead.Score, fourth.CrossedThreshold));
        Assert.Equal(2, _host.EventsOf<LeadScoreThresholdCrossed>().Count);
    }

    [Fact]
    public async Task Convert_KeepsTheCustomerIdAndTimeline_CreatesDealWithAttribution()
    {
        var pipeline = await _host.Crm.Deals.SavePipelineAsync(SalesHost.StandardPipeline());
        var campaign = Guid.NewGuid();
        var lead = await CaptureAsync(campaign: campaign);
        await RecordInteractionsAsync(lead.Id, 3);

        var result = await Leads.ConvertAsync(lead.Id, new LeadConversion(pipeline.Id, "Grace - CRM", 12_000m, "EUR") { OwnerId = "alice" });

        Assert.Equal(lead.Id, result.Customer.Id);
        Assert.Equal(LifecycleStage.Customer, (await _host.Crm.Customers.GetAsync(lead.Id))!.LifecycleStage);
        Assert.Equal(3, (await _host.Crm.Interactions.GetTimelineAsync(lead.Id)).Items.Count);
        var deal = (await _host.Crm.Deals.GetAsync(result.Deal.Id))!;
        Assert.Equal((lead.Id, lead.Id, campaign, "alice", "prospecting", 12_000m), (deal.CustomerId, deal.LeadId, deal.SourceCampaignId, deal.OwnerId, deal.StageId, deal.Amount));
        Assert.Equal((deal.Id, _host.Now), ((await Leads.GetAsync(lead.Id))!.DealId, (await Leads.GetAsync(lead.Id))!.ConvertedAt));
        Assert.Single(_host.EventsOf<LeadConverted>());

        var again = await Assert.ThrowsAsync<CrmValidationException>(() => Leads.ConvertAsync(lead.Id, new LeadConversion(pipeline.Id, "twice", 1m, "EUR")));
        Assert.Contains("already converted", again.Message, StringComparison.Ordinal);
        Assert.Single((await _host.Crm.Deals.ListAsync(new DealQuery { CustomerId = lead.Id })).Items);
    }

    [Fact]
    public async Task Convert_UnknownPipeline_RollsBackTheLifecycleChange()
    {
        var lead = await CaptureAsync();

        await Assert.ThrowsAsync<CrmNotFoundException>(() => Leads.ConvertAsync(lead.Id, new LeadConversion(Guid.NewGuid(), "x", 1m, "EUR")));

        Assert.Equal(LifecycleStage.Lead, (await _host.Crm.Customers.GetAsync(lead.Id))!.LifecycleStage);
        Assert.Null((await Leads.GetAsync(lead.Id))!.ConvertedAt);
    }

    private async Task<LeadProfile> CaptureAsync(string name = "Grace", string? company = null, Guid? campaign = null)
    {
        var customer = await _host.Crm.Customers.CreateAsync(new Customer { FirstName = name, LastName = "Hopper", Company = company, Emails = [$"{name}-{Guid.NewGuid():N}@example.com"], LifecycleStage = LifecycleStage.Lead });
        return await Leads.CaptureAsync(customer.Id, new LeadSource(LeadSourceKind.Api, "api", campaign));
    }

    private async Task RecordInteractionsAsync(Guid customerId, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _host.Crm.Interactions.RecordAsync(new Interaction { CustomerId = customerId, Channel = "email", Direction = InteractionDirection.Inbound, OccurredAt = _host.Now, Subject = "Hello " + i });
        }
    }
}
