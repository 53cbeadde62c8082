using Crm.Engine.Storage;
using Crm.Engine.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Engine.Tests.Workflows;

public sealed class WorkflowRegistrationTests
{
    [Fact]
    public async Task EngineStart_InvalidDefinitionFile_FailsWithFileLineAndColumn()
    {
        var directory = WorkflowTestHost.NewDirectory();
        try
        {
            var file = Path.Combine(directory, "broken.json");
            await File.WriteAllTextAsync(file, RuntimeDefinitions.Approval.Replace("\"to\": \"approved\"", "\"to\": \"aproved\"", StringComparison.Ordinal));

            var error = await Assert.ThrowsAsync<CrmValidationException>(() => WorkflowTestHost.CreateAsync(b => b.AddWorkflow(file).AddTestActions(), directory));

            var problem = Assert.Single(error.Errors);
            var expectedLine = File.ReadAllLines(file).ToList().FindIndex(l => l.Contains("\"aproved\"", StringComparison.Ordinal)) + 1;
            Assert.StartsWith($"{file}({expectedLine},", problem.ToString(), StringComparison.Ordinal);
            Assert.Contains("Did you mean 'approved'?", problem.Message, StringComparison.Ordinal);
        }
        finally
        {
            WorkflowTestHost.DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task EngineStart_SameVersionTwiceWithDifferentFiles_FailsNamingBoth()
    {
        var error = await Assert.ThrowsAsync<CrmValidationException>(() => WorkflowTestHost.CreateAsync(b => b
            .AddWorkflow(RuntimeDefinitions.Approval)
            .AddWorkflow(RuntimeDefinitions.Approval.Replace("\"P1D\"", "\"P2D\"", StringComparison.Ordinal))
            .AddTestActions()));

        Assert.Contains("version 1 is registered twice", Assert.Single(error.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EngineStart_ScheduleTriggerOfUndeclaredTrigger_FailsAtStart()
    {
        var json = RuntimeDefinitions.Approval.Replace(
            "{ \"action\": \"record\", \"params\": { \"label\": \"reminded\" } }",
            "{ \"action\": \"scheduleTrigger\", \"params\": { \"trigger\": \"nudge\", \"after\": \"P1D\" } }",
            StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<CrmValidationException>(() => WorkflowTestHost.CreateAsync(b => b.AddWorkflow(json).AddTestActions()));

        Assert.Contains(error.Errors, e => e.Path == "$.transitions[1].actions[0].params.trigger" && e.Message.Contains("'nudge' is not declared", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddWorkflowsFromDirectory_Samples_LoadAllAndStartDealsOnlyForExistingDeals()
    {
        await using var host = await WorkflowTestHost.CreateAsync(b => b.AddWorkflowsFromDirectory(WorkflowTestHost.SamplesDirectory).AddWorkflowsFromDirectory(WorkflowTestHost.SamplesDirectory));

        // Deals have a resolver now (sales); an unknown deal is reported as such.
        var missing = Guid.NewGuid();
        var error = await Assert.ThrowsAsync<CrmNotFoundException>(() => host.Tenant().Workflows.StartAsync("deal-pipeline", missing));

        Assert.Contains(missing.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workflows_EngineWithoutWorkflows_ExplainsHowToRegisterThem()
    {
        await using var host = await WorkflowTestHost.CreateAsync(_ => { });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Tenant().Workflows.StartAsync("x", Guid.NewGuid()));

        Assert.Contains("AddWorkflow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EngineStart_ProviderWithoutWorkflowStorage_FailsNamingTheProvider()
    {
        var error = await Assert.ThrowsAsync<CrmWorkflowConfigurationException>(() => WorkflowTestHost.CreateAsync(b =>
        {
            b.AddWorkflow(RuntimeDefinitions.Approval).AddTestActions();
            var sqlite = b.Services.Single(d => d.ServiceType == typeof(IStorageProvider));
            b.Services.RemoveAll<IStorageProvider>();
            b.Services.AddSingleton<IStorageProvider>(sp => new LegacyProvider((IStorageProvider)sqlite.ImplementationFactory!(sp)));
        }));

        Assert.Contains("storage provider 'legacy' does not store them", error.Message, StringComparison.Ordinal);
        Assert.Contains("GetNextWorkflowTimerDueAsync", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A provider written before workflows existed: it implements only the original members.</summary>
    private sealed class LegacyProvider(IStorageProvider inner) : IStorageProvider
    {
        public string Name => "legacy";

        public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

        public ValueTask<IStorageSession> OpenSessionAsync(string tenantId, CancellationToken cancellationToken) => inner.OpenSessionAsync(tenantId, cancellationToken);
    }
}
