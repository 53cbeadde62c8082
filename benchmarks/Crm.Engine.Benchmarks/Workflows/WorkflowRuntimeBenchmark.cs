using System.Globalization;
using BenchmarkDotNet.Attributes;
using Crm.Engine.StateMachine;
using Crm.Engine.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Benchmarks.Workflows;

/// <summary>
/// Measures workflow runtime throughput with SQLite persistence: every fire is one transaction (load instance and
/// customer, evaluate, update the instance, append history, write timer changes and the idempotency key). The baseline
/// is the bare state machine firing the same two-state round trip in memory. Each benchmark does a round trip
/// (a -> b -> a) and reports one transition (OperationsPerInvoke = 2); transitions per second = 1 s / Mean.
/// </summary>
[MemoryDiagnoser]
public class WorkflowRuntimeBenchmark
{
    private const string PingPong = """
        {
          "schemaVersion": 1, "id": "ping-pong", "version": 1, "entity": "customer", "initialState": "a",
          "triggers": { "go": {}, "back": {} },
          "states": { "a": {}, "b": {} },
          "transitions": [ { "from": "a", "trigger": "go", "to": "b" }, { "from": "b", "trigger": "back", "to": "a" } ]
        }
        """;

    // Same round trip, but each state starts a durable timer (cancelled on exit) and fires carry idempotency keys.
    private const string TimedPingPong = """
        {
          "schemaVersion": 1, "id": "timed-ping-pong", "version": 1, "entity": "customer", "initialState": "a",
          "triggers": { "go": {}, "back": {}, "late": {} },
          "states": { "a": { "timeouts": [ { "after": "P1D", "fire": "late" } ] }, "b": { "timeouts": [ { "after": "P1D", "fire": "late" } ] } },
          "transitions": [ { "from": "a", "trigger": "go", "to": "b" }, { "from": "b", "trigger": "back", "to": "a" } ]
        }
        """;

    private string _directory = null!;
    private ServiceProvider _services = null!;
    private IWorkflowService _workflows = null!;
    private Guid _plain;
    private Guid _timed;
    private long _key;
    private StateMachine<string, string> _machine = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = Path.Combine(Path.GetTempPath(), "crm-workflow-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        var services = new ServiceCollection();
        services.AddCrmEngine()
            .UseSqliteStorage(o => o.DataSource = Path.Combine(_directory, "crm.db"))
            .AddWorkflow(PingPong)
            .AddWorkflow(TimedPingPong)
            .ConfigureWorkflows(o => o.RunScheduler = false);
        _services = services.BuildServiceProvider();
        var engine = _services.GetRequiredService<ICrmEngine>();
        await engine.InitializeAsync();
        var crm = engine.ForTenant("bench");
        var customer = await crm.Customers.CreateAsync(new Customer { FirstName = "Bench", Emails = ["bench@example.com"] });
        _workflows = crm.Workflows;
        _plain = (await _workflows.StartAsync("ping-pong", customer.Id)).Id;
        _timed = (await _workflows.StartAsync("timed-ping-pong", customer.Id)).Id;

        var builder = new StateMachineBuilder<string, string>();
        builder.Configure("a").Permit("go", "b");
        builder.Configure("b").Permit("back", "a");
        _machine = builder.Build().CreateInstance("a");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 2)]
    public void BareStateMachineFire()
    {
        _machine.Fire("go");
        _machine.Fire("back");
    }

    [Benchmark(OperationsPerInvoke = 2)]
    public async Task RuntimeFireWithSqlite()
    {
        await _workflows.FireAsync(_plain, "go");
        await _workflows.FireAsync(_plain, "back");
    }

    [Benchmark(OperationsPerInvoke = 2)]
    public async Task RuntimeFireWithTimersAndIdempotencyKeys()
    {
        await _workflows.FireAsync(_timed, "go", null, (++_key).ToString(CultureInfo.InvariantCulture));
        await _workflows.FireAsync(_timed, "back", null, (++_key).ToString(CultureInfo.InvariantCulture));
    }
}
