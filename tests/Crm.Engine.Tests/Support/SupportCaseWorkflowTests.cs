using Crm.Engine.Support;
using Crm.Engine.Tests.Workflows;
using Crm.Engine.Workflows;

namespace Crm.Engine.Tests.Support;

public sealed class SupportCaseWorkflowTests
{
    private static readonly string SamplePath = Path.Combine(WorkflowTestHost.SamplesDirectory, "support-case.json");

    [Fact]
    public async Task Sample_Validates()
    {
        var (definition, errors) = WorkflowActions.CreateLoader().Validate(await File.ReadAllTextAsync(SamplePath), SamplePath);

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        Assert.Equal(2, definition!.States.Count);
    }

    [Fact]
    public async Task Complaint_OpensOneCaseThroughTheOpenCaseAction()
    {
        await using var host = await WorkflowTestHost.CreateAsync(b => b
            .AddWorkflow(SamplePath)
            .ConfigureSupport(o => o.Teams.Add(new SupportTeam { Id = "care", Agents = ["carol"] })));
        var crm = host.Tenant();
        var customer = await host.CreateCustomerAsync();
        var instance = await crm.Workflows.StartAsync("support-case", customer.Id);

        await crm.Interactions.RecordAsync(new Interaction { CustomerId = customer.Id, Channel = "email", Direction = InteractionDirection.Inbound, OccurredAt = host.Time.GetUtcNow(), Subject = "complaint about my order" });
        await crm.Interactions.RecordAsync(new Interaction { CustomerId = customer.Id, Channel = "email", Direction = InteractionDirection.Inbound, OccurredAt = host.Time.GetUtcNow(), Subject = "another complaint" });

        Assert.Equal("complaintOpen", (await crm.Workflows.GetAsync(instance.Id))!.State);
        var opened = Assert.Single((await crm.Cases.ListAsync(new CaseQuery { CustomerId = customer.Id })).Items);
        Assert.Equal(("Customer complaint", CasePriority.High, "complaint", "care", "carol", "workflow"), (opened.Subject, opened.Priority, opened.Category, opened.TeamId, opened.OwnerId, opened.Channel));
        Assert.Contains("open-complaint", (await crm.Customers.GetAsync(customer.Id))!.Tags);

        await crm.Workflows.FireAsync(instance.Id, "handled");
        Assert.DoesNotContain("open-complaint", (await crm.Customers.GetAsync(customer.Id))!.Tags);
    }

    [Fact]
    public async Task SlaSample_RunsOnRealCases_HighPriorityEscalatesOnBreach_NormalKeepsWaiting()
    {
        var sample = Path.Combine(WorkflowTestHost.SamplesDirectory, "support-case-sla.json");
        await using var host = await WorkflowTestHost.CreateAsync(b => b.AddWorkflow(sample));
        var crm = host.Tenant();
        var customer = await host.CreateCustomerAsync();
        var urgent = await crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = "Site down", Priority = CasePriority.High });
        var routine = await crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = "Invoice copy", Priority = CasePriority.Normal });
        var urgentFlow = await crm.Workflows.StartAsync("support-case-sla", urgent.Id);
        var routineFlow = await crm.Workflows.StartAsync("support-case-sla", routine.Id);
        Assert.Equal("awaitingResponse", urgentFlow.State);

        // Start is Monday 09:00 UTC = 05:00 in New York (EDT); the support calendar opens at 08:00, so 4 business hours
        // end at 12:00 New York = 16:00 UTC: 7 hours from now.
        await host.AdvanceAsync(TimeSpan.FromHours(6));
        Assert.Equal("awaitingResponse", (await crm.Workflows.GetAsync(urgentFlow.Id))!.State);
        await host.AdvanceAsync(TimeSpan.FromHours(1));

        Assert.Equal("escalated", (await crm.Workflows.GetAsync(urgentFlow.Id))!.State); // guard: High
        Assert.Equal("awaitingResponse", (await crm.Workflows.GetAsync(routineFlow.Id))!.State); // guard: Normal, rescheduled

        await crm.Workflows.FireAsync(urgentFlow.Id, "respond");
        await crm.Workflows.FireAsync(urgentFlow.Id, "resolve", """{"resolution":"restarted the service"}""");
        Assert.Equal("resolved", (await crm.Workflows.GetAsync(urgentFlow.Id))!.State);

        // A customer reply on the case (an inbound interaction carrying its CaseId) fires the case workflow's event
        // trigger customerReplied: resolved -> inProgress. The routine case's workflow is not touched.
        await crm.Interactions.RecordAsync(new Interaction { CustomerId = customer.Id, CaseId = urgent.Id, Channel = "email", Direction = InteractionDirection.Inbound, OccurredAt = host.Time.GetUtcNow(), Subject = "still down" });
        await WorkflowTestHost.EventuallyAsync(async () => (await crm.Workflows.GetAsync(urgentFlow.Id))!.State == "inProgress", "the reply reopened the case workflow");
        Assert.Equal("awaitingResponse", (await crm.Workflows.GetAsync(routineFlow.Id))!.State);
    }

    [Fact]
    public async Task SlaSample_UnknownCase_IsNotFound()
    {
        var sample = Path.Combine(WorkflowTestHost.SamplesDirectory, "support-case-sla.json");
        await using var host = await WorkflowTestHost.CreateAsync(b => b.AddWorkflow(sample));

        await Assert.ThrowsAsync<CrmNotFoundException>(() => host.Tenant().Workflows.StartAsync("support-case-sla", Guid.NewGuid()));
    }
}
