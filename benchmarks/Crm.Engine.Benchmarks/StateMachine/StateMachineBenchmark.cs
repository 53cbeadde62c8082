using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Crm.Engine.StateMachine;

namespace Crm.Engine.Benchmarks.StateMachine;

/// <summary>
/// Measures Crm.Engine.StateMachine against a hand-written switch doing the same transitions. Each firing benchmark does a round
/// trip (Lead -> Contacted -> Lead) and reports the cost of one transition via OperationsPerInvoke.
/// </summary>
[MemoryDiagnoser]
public class StateMachineBenchmark
{
    private const int TransitionsPerRoundTrip = 2;

    private StateMachineDefinition<Stage, Signal> _definition = null!;
    private StateMachine<Stage, Signal> _machine = null!;
    private StateMachine<Stage, Signal> _typedMachine = null!;
    private StateMachine<Stage, Signal> _asyncCapableMachine = null!;
    private TriggerWithParameters<Signal, int> _assign = null!;
    private Stage _switchState;
    private int _sink;

    public enum Stage
    {
        Lead,
        Contacted,
        Qualified,
        Proposal,
        Won,
        Lost,
    }

    public enum Signal
    {
        Contact,
        Reopen,
        Qualify,
        Propose,
        Win,
        Lose,
        Assign,
    }

    [GlobalSetup]
    public void Setup()
    {
        _definition = BuildSixStateDefinition();
        _machine = _definition.CreateInstance(Stage.Lead);

        var typed = new StateMachineBuilder<Stage, Signal>();
        _assign = typed.SetTriggerParameters<int>(Signal.Assign);
        typed.Configure(Stage.Lead).Permit(Signal.Assign, Stage.Contacted);
        typed.Configure(Stage.Contacted).Permit(Signal.Assign, Stage.Lead).OnEntryFrom(_assign, (owner, _) => _sink += owner);
        _typedMachine = typed.Build().CreateInstance(Stage.Lead);

        // Same transitions, but the definition has asynchronous actions (completing synchronously), so FireAsync takes the
        // general asynchronous path instead of the synchronous shortcut.
        var asyncCapable = new StateMachineBuilder<Stage, Signal>();
        asyncCapable.Configure(Stage.Lead).Permit(Signal.Contact, Stage.Contacted).OnEntryAsync(_ => ValueTask.CompletedTask);
        asyncCapable.Configure(Stage.Contacted).Permit(Signal.Reopen, Stage.Lead).OnEntryAsync(_ => ValueTask.CompletedTask);
        _asyncCapableMachine = asyncCapable.Build().CreateInstance(Stage.Lead);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = TransitionsPerRoundTrip)]
    public Stage HandWrittenSwitch()
    {
        _switchState = Next(_switchState, Signal.Contact);
        _switchState = Next(_switchState, Signal.Reopen);
        return _switchState;
    }

    [Benchmark(OperationsPerInvoke = TransitionsPerRoundTrip)]
    public Stage Fire()
    {
        _machine.Fire(Signal.Contact);
        _machine.Fire(Signal.Reopen);
        return _machine.State;
    }

    [Benchmark(OperationsPerInvoke = TransitionsPerRoundTrip)]
    public int FireWithOneArgument()
    {
        _typedMachine.Fire(_assign, 7);
        _typedMachine.Fire(_assign, 8);
        return _sink;
    }

    [Benchmark(OperationsPerInvoke = TransitionsPerRoundTrip)]
    public Stage FireAsyncCompletingSynchronously()
    {
        EnsureCompletedSynchronously(_machine.FireAsync(Signal.Contact));
        EnsureCompletedSynchronously(_machine.FireAsync(Signal.Reopen));
        return _machine.State;
    }

    [Benchmark(OperationsPerInvoke = TransitionsPerRoundTrip)]
    public Stage FireAsyncWithAsyncActionsCompletingSynchronously()
    {
        EnsureCompletedSynchronously(_asyncCapableMachine.FireAsync(Signal.Contact));
        EnsureCompletedSynchronously(_asyncCapableMachine.FireAsync(Signal.Reopen));
        return _asyncCapableMachine.State;
    }

    [Benchmark]
    public StateMachine<Stage, Signal> CreateInstanceFromSharedDefinition() => _definition.CreateInstance(Stage.Qualified);

    [Benchmark]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "BenchmarkDotNet runs instance methods.")]
    public StateMachineDefinition<Stage, Signal> BuildSixStateDefinition()
    {
        var builder = new StateMachineBuilder<Stage, Signal>();
        builder.Configure(Stage.Lead).Permit(Signal.Contact, Stage.Contacted).Permit(Signal.Lose, Stage.Lost);
        builder.Configure(Stage.Contacted).Permit(Signal.Reopen, Stage.Lead).Permit(Signal.Qualify, Stage.Qualified);
        builder.Configure(Stage.Qualified).Permit(Signal.Propose, Stage.Proposal).Permit(Signal.Lose, Stage.Lost);
        builder.Configure(Stage.Proposal).Permit(Signal.Win, Stage.Won).Permit(Signal.Lose, Stage.Lost);
        builder.Configure(Stage.Won).Permit(Signal.Reopen, Stage.Lead);
        builder.Configure(Stage.Lost).Permit(Signal.Reopen, Stage.Lead);
        return builder.Build();
    }

    // Checking completion (instead of blocking on the task) also proves the "completes synchronously" claim on every call.
    private static void EnsureCompletedSynchronously(ValueTask task)
    {
        if (!task.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("FireAsync did not complete synchronously.");
        }
    }

    // The baseline: the same transitions as the definition above, as a switch with no framework at all.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Stage Next(Stage state, Signal signal) => (state, signal) switch
    {
        (Stage.Lead, Signal.Contact) => Stage.Contacted,
        (Stage.Lead, Signal.Lose) => Stage.Lost,
        (Stage.Contacted, Signal.Reopen) => Stage.Lead,
        (Stage.Contacted, Signal.Qualify) => Stage.Qualified,
        (Stage.Qualified, Signal.Propose) => Stage.Proposal,
        (Stage.Qualified, Signal.Lose) => Stage.Lost,
        (Stage.Proposal, Signal.Win) => Stage.Won,
        (Stage.Proposal, Signal.Lose) => Stage.Lost,
        (Stage.Won or Stage.Lost, Signal.Reopen) => Stage.Lead,
        _ => throw new InvalidOperationException($"No transition from {state} on {signal}."),
    };
}
