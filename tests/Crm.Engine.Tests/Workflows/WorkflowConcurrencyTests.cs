using Crm.Engine.Storage;
using Crm.Engine.Workflows;
using Crm.Plugins.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Engine.Tests.Workflows;

public sealed class WorkflowConcurrencyTests : IAsyncLifetime
{
    private WorkflowTestHost _host = null!;
    private ConflictingStorageProvider _storage = null!;

    public async Task InitializeAsync()
    {
        _host = await WorkflowTestHost.CreateAsync(b =>
        {
            b.AddWorkflow(RuntimeDefinitions.Approval).AddTestActions().ConfigureWorkflows(o => o.ConcurrencyRetries = 2);
            var sqlite = b.Services.Single(d => d.ServiceType == typeof(IStorageProvider));
            b.Services.RemoveAll<IStorageProvider>();
            b.Services.AddSingleton<IStorageProvider>(sp => new ConflictingStorageProvider((IStorageProvider)sqlite.ImplementationFactory!(sp)));
        });
        _storage = (ConflictingStorageProvider)_host.Services.GetRequiredService<IStorageProvider>();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task FireAsync_InstanceChangedUnderneath_ReloadsAndRetriesTheWholeStep()
    {
        var customer = await _host.CreateCustomerAsync();
        var instance = await _host.Tenant().Workflows.StartAsync("approval", customer.Id);
        _storage.ConflictNext(2);

        var result = await _host.Tenant().Workflows.FireAsync(instance.Id, "submit", """{"amount": 3}""", "submit-1");

        Assert.Equal(2, _storage.Conflicts);
        Assert.Equal(("review", 2L), (result.Instance.State, result.Instance.Version));
        Assert.Single(await _host.Tenant().Workflows.GetHistoryAsync(instance.Id), h => h.Trigger == "submit");
        Assert.Single(await _host.Tenant().Workflows.GetTimersAsync(instance.Id));
    }

    [Fact]
    public async Task FireAsync_ConflictsOutlastRetries_ThrowsConcurrencyAndWritesNothing()
    {
        var customer = await _host.CreateCustomerAsync();
        var instance = await _host.Tenant().Workflows.StartAsync("approval", customer.Id);
        _storage.ConflictNext(3);

        var error = await Assert.ThrowsAsync<CrmConcurrencyException>(() => _host.Tenant().Workflows.FireAsync(instance.Id, "submit", """{"amount": 3}""", "submit-1"));

        Assert.Equal(instance.Id, error.Id);
        Assert.Equal(3, _storage.Conflicts);
        var stored = (await _host.Tenant().Workflows.GetAsync(instance.Id))!;
        Assert.Equal(("draft", 1L), (stored.State, stored.Version));
        Assert.DoesNotContain("in-review", (await _host.Tenant().Customers.GetAsync(customer.Id))!.Tags);

        // The key was rolled back with the step, so the caller can retry with the same key.
        var retried = await _host.Tenant().Workflows.FireAsync(instance.Id, "submit", """{"amount": 3}""", "submit-1");
        Assert.True(retried.Applied);
    }
}
