using System.Collections.Concurrent;
using System.Text.Json;
using Crm.Engine.Scheduling;
using Crm.Engine.Workflows;

namespace Crm.Plugins.Storage.Postgres.Tests.MultiInstance;

/// <summary>Counts, per item, which instances ran it: shared by the per-instance job handlers and workflow actions.</summary>
internal sealed class WorkTally
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _runs = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, ConcurrentQueue<string>> Runs => _runs;

    public void Record(string item, string instance) => _runs.GetOrAdd(item, static _ => new()).Enqueue(instance);

    /// <summary>Gets how many items each instance ran.</summary>
    public IReadOnlyDictionary<string, int> PerInstance() =>
        _runs.Values.SelectMany(q => q).GroupBy(i => i, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}

/// <summary>Runs the test's scheduled jobs on one instance by counting them.</summary>
internal sealed class CountingJobHandler(WorkTally tally, string instance) : IScheduledJobHandler
{
    public const string JobKind = "test.count";

    public string Kind => JobKind;

    public Task RunAsync(ScheduledJobContext context, CancellationToken cancellationToken)
    {
        tally.Record("job/" + context.Job.TenantId + "/" + context.Job.Key, instance);
        return Task.CompletedTask;
    }
}

/// <summary>The workflow action run when a timer expired an instance: counts which engine instance fired it.</summary>
internal sealed class CountFireAction(WorkTally tally, string instance) : IWorkflowAction
{
    public string Name => "countFire";

    public string ParameterSchema => """{"type":"object","additionalProperties":false}""";

    public Task ExecuteAsync(WorkflowActionContext context, JsonElement parameters, CancellationToken cancellationToken)
    {
        tally.Record("fire/" + context.InstanceId.ToString("N"), instance);
        return Task.CompletedTask;
    }
}
