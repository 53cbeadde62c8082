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
}
