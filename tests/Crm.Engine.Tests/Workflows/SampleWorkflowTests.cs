using Crm.Engine.Workflows;

namespace Crm.Engine.Tests.Workflows;

public sealed class SampleWorkflowTests : IAsyncLifetime
{
    private WorkflowTestHost _host = null!;

    private ICrmContext Crm => _host.Tenant();

    private IWorkflowService Workflows => Crm.Workflows;

    public async Task InitializeAsync() => _host = await WorkflowTestHost.CreateAsync(b => b.AddWorkflowsFromDirectory(WorkflowTestHost.SamplesDirectory));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("lead-lifecycle.json", "lead", 7)]
    [InlineData("onboarding-followups.json", "customer", 6)]
    [InlineData("deal-pipeline.json", "deal", 7)]
    [InlineData("support-case-sla.json", "case", 7)]
    public async Task Sample_Validates(string file, string entity, int states)
    {
        var path = Path.Combine(WorkflowTestHost.SamplesDirectory, file);

        var (definition, errors) = WorkflowActions.CreateLoader().Validate(await File.ReadAllTextAsync(path), path);

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        Assert.Equal(entity, definition!.Entity.ToString().ToLowerInvariant());
        Assert.Equal(states, definition.States.Count);
        Assert.StartsWith("stateDiagram-v2", WorkflowGraph.ToMermaid(definition), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeadLifecycle_EndToEnd_TimersGuardsEventsAndHistory()
    {
        var lead = await _host.CreateCustomerAsync(name: "Grace");
        var instance = await Workflows.StartAsync("lead-lifecycle", lead.Id);

        // New lead: tagged, and a business-day timer (Monday 11:00 Berlin -> Tuesday 11:00 Berlin).
        Assert.Equal("new", instance.State);
        Assert.Contains("new-lead", (await Crm.Customers.GetAsync(lead.Id))!.Tags);
        Assert.Equal(WorkflowTestHost.Start.AddDays(1), Assert.Single(await Workflows.GetTimersAsync(instance.Id)).DueAt);

        // An inbound email fires "replied" through the interactionRecorded event.
        await RecordInboundAsync(lead.Id);
        Assert.Equal("contacted", (await Workflows.GetAsync(instance.Id))!.State);
        var customer = (await Crm.Customers.GetAsync(lead.Id))!;
        Assert.DoesNotContain("new-lead", customer.Tags);
        var task = Assert.Single(await TasksAsync(lead.Id));
        Assert.Equal(("Ask the BANT questions", InteractionDirection.Internal), (task.Subject, task.Direction));
        Assert.Equal(_host.Time.GetUtcNow().AddDays(2), DateTimeOffset.Parse(task.Metadata["dueAt"], System.Globalization.CultureInfo.InvariantCulture));

        // Three silent days: noResponse -> nurturing; seven more: followUp -> contacted with a follow-up task.
        await _host.AdvanceAsync(TimeSpan.FromDays(3));
        Assert.Equal("nurturing", (await Workflows.GetAsync(instance.Id))!.State);
        Assert.Contains("nurturing", (await Crm.Customers.GetAsync(lead.Id))!.Tags);
        await _host.AdvanceAsync(TimeSpan.FromDays(7));
        Assert.Equal("contacted", (await Workflows.GetAsync(instance.Id))!.State);
        Assert.DoesNotContain("nurturing", (await Crm.Customers.GetAsync(lead.Id))!.Tags);
        Assert.Contains(await TasksAsync(lead.Id), t => t.Subject == "Follow up with the lead");

        // BANT: a malformed payload is refused, a weak one goes back to nurturing, a strong one qualifies.
        var invalid = await Assert.ThrowsAsync<CrmValidationException>(() => Workflows.FireAsync(instance.Id, "qualify", """{"budget": 50000, "authority": true, "need": "high"}"""));
        Assert.Contains(invalid.Errors, e => e.Path == "payload.timeline");
        var weak = await Workflows.FireAsync(instance.Id, "qualify", """{"budget": 5000, "authority": true, "need": "high", "timeline": "now"}""");
        Assert.Equal("nurturing", weak.Instance.State);
        await RecordInboundAsync(lead.Id);
        var strong = await Workflows.FireAsync(instance.Id, "qualify", """{"budget": 50000, "authority": true, "need": "high", "timeline": "quarter"}""");
        Assert.Equal("qualified", strong.Instance.State);
        customer = (await Crm.Customers.GetAsync(lead.Id))!;
        Assert.Equal((LifecycleStage.SalesQualified, "sales-team"), (customer.LifecycleStage, customer.OwnerId));
        Assert.Contains("bant-qualified", customer.Tags);
        Assert.Empty(await Workflows.GetTimersAsync(instance.Id));

        var converted = await Workflows.FireAsync(instance.Id, "convert");
        Assert.Equal(WorkflowInstanceStatus.Completed, converted.Instance.Status);
        Assert.Equal(LifecycleStage.Opportunity, (await Crm.Customers.GetAsync(lead.Id))!.LifecycleStage);

        var history = await Workflows.GetHistoryAsync(instance.Id);
        Assert.Equal(
            ["$start", "replied", "noResponse", "followUp", "qualify", "replied", "qualify", "convert"],
            history.Select(h => h.Trigger));
        Assert.Equal(
            ["new", "contacted", "nurturing", "contacted", "nurturing", "contacted", "qualified", "converted"],
            history.Select(h => h.ToState));
        Assert.Equal(["system", "event:interactionRecorded", "timer", "timer", "system", "event:interactionRecorded", "system", "system"], history.Select(h => h.Actor));
    }

    [Fact]
    public async Task LeadLifecycle_SilentNewLead_NurturedAfterOneBusinessDayAndDisqualifiable()
    {
        var lead = await _host.CreateCustomerAsync(name: "Silent");
        var instance = await Workflows.StartAsync("lead-lifecycle", lead.Id);

        await _host.AdvanceAsync(TimeSpan.FromHours(23));
        Assert.Equal("new", (await Workflows.GetAsync(instance.Id))!.State);
        await _host.AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Equal("nurturing", (await Workflows.GetAsync(instance.Id))!.State);

        // "disqualify" is declared on the superstate "open" and applies in every substate.
        var result = await Workflows.FireAsync(instance.Id, "disqualify", """{"reason": "no budget"}""");
        Assert.Equal(("disqualified", WorkflowInstanceStatus.Completed), (result.Instance.State, result.Instance.Status));
        var tags = (await Crm.Customers.GetAsync(lead.Id))!.Tags;
        Assert.Contains("disqualified", tags);
        Assert.DoesNotContain("nurturing", tags);
    }

    [Fact]
    public async Task OnboardingFollowUps_BusinessTimeSequence_SkipsWeekendsUntilTheCustomerReplies()
    {
        // Friday 5 June 2026, 14:00 in Berlin.
        _host.Time.SetUtcNow(new DateTimeOffset(2026, 6, 5, 12, 0, 0, TimeSpan.Zero));
        var customer = await _host.CreateCustomerAsync(name: "Lin");
        var instance = await Workflows.StartAsync("onboarding-followups", customer.Id);
        Assert.Equal("welcome", instance.State);

        // Two working days from Friday 14:00 is Tuesday 14:00, not Sunday.
        var welcome = Assert.Single(await Workflows.GetTimersAsync(instance.Id));
        Assert.Equal(new DateTimeOffset(2026, 6, 9, 12, 0, 0, TimeSpan.Zero), welcome.DueAt);
        await _host.AdvanceAsync(TimeSpan.FromDays(3)); // Monday
        Assert.Equal("welcome", (await Workflows.GetAsync(instance.Id))!.State);
        await _host.AdvanceAsync(TimeSpan.FromDays(1)); // Tuesday 14:00
        Assert.Equal("firstFollowUp", (await Workflows.GetAsync(instance.Id))!.State);

        // Three working days later (Friday 14:00) the second call is due; its 4 business hours run into Monday.
        Assert.Equal(new DateTimeOffset(2026, 6, 12, 12, 0, 0, TimeSpan.Zero), Assert.Single(await Workflows.GetTimersAsync(instance.Id)).DueAt);
        await _host.AdvanceAsync(TimeSpan.FromDays(3));
        Assert.Equal("secondFollowUp", (await Workflows.GetAsync(instance.Id))!.State);
        Assert.Equal(new DateTimeOffset(2026, 6, 15, 8, 0, 0, TimeSpan.Zero), Assert.Single(await Workflows.GetTimersAsync(instance.Id)).DueAt);

        await RecordInboundAsync(customer.Id);

        var done = (await Workflows.GetAsync(instance.Id))!;
        Assert.Equal(("engaged", WorkflowInstanceStatus.Completed), (done.State, done.Status));
        var tags = (await Crm.Customers.GetAsync(customer.Id))!.Tags;
        Assert.Contains("onboarded", tags);
        Assert.DoesNotContain("onboarding", tags);
        Assert.Empty(await Workflows.GetTimersAsync(instance.Id));
        Assert.Equal(["Send the welcome pack", "First onboarding call", "Second onboarding call"], (await TasksAsync(customer.Id)).Select(t => t.Subject).Reverse());
        Assert.Equal(["$start", "followUp", "followUp", "replied"], (await Workflows.GetHistoryAsync(instance.Id)).Select(h => h.Trigger));
    }

    [Fact]
    public async Task OnboardingFollowUps_NoReply_StallsAfterTheLastFollowUp()
    {
        var customer = await _host.CreateCustomerAsync(name: "Quiet");
        var instance = await Workflows.StartAsync("onboarding-followups", customer.Id);

        for (var day = 0; day < 10; day++)
        {
            await _host.AdvanceAsync(TimeSpan.FromDays(1));
        }

        var done = (await Workflows.GetAsync(instance.Id))!;
        Assert.Equal(("stalled", WorkflowInstanceStatus.Completed), (done.State, done.Status));
        Assert.Contains("onboarding-stalled", (await Crm.Customers.GetAsync(customer.Id))!.Tags);
        Assert.Equal(["$start", "followUp", "followUp", "followUp"], (await Workflows.GetHistoryAsync(instance.Id)).Select(h => h.Trigger));
    }

    private async Task RecordInboundAsync(Guid customerId) =>
        await Crm.Interactions.RecordAsync(new Interaction { CustomerId = customerId, Channel = "email", Direction = InteractionDirection.Inbound, OccurredAt = _host.Time.GetUtcNow(), Subject = "Re: hello" });

    private async Task<IReadOnlyList<Interaction>> TasksAsync(Guid customerId) =>
        (await Crm.Interactions.GetTimelineAsync(customerId)).Items.Where(i => i.Channel == "task").ToList();
}
