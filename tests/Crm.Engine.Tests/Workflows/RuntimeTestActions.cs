using System.Collections.Concurrent;
using System.Text.Json;
using Crm.Engine.Workflows;

namespace Crm.Engine.Tests.Workflows;

/// <summary>Records every call with its label, state and idempotency key, so tests can count what ran.</summary>
internal sealed class RecordAction : IWorkflowAction
{
    public ConcurrentQueue<(string Label, string State, string Trigger, string Key)> Calls { get; } = new();

    public string Name => "record";

    public string ParameterSchema => """{"type":"object","properties":{"label":{"type":"string"}},"required":["label"],"additionalProperties":false}""";

    public Task ExecuteAsync(WorkflowActionContext context, JsonElement parameters, CancellationToken cancellationToken)
    {
        Calls.Enqueue((parameters.GetProperty("label").GetString()!, context.State, context.Trigger, context.IdempotencyKey));
        return Task.CompletedTask;
    }

    public int Count(string label) => Calls.Count(c => c.Label == label);
}

/// <summary>Fails a set number of times (all the time by default), then succeeds.</summary>
internal sealed class ExplodeAction : IWorkflowAction
{
    private int _failuresLeft = int.MaxValue;

    public int Attempts;

    public string Name => "explode";

    public string ParameterSchema => """{"type":"object"}""";

    public void FailTimes(int count) => _failuresLeft = count;

    public Task ExecuteAsync(WorkflowActionContext context, JsonElement parameters, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Attempts);
        return Interlocked.Decrement(ref _failuresLeft) >= 0
            ? throw new InvalidOperationException("scoring service unavailable")
            : Task.CompletedTask;
    }
}

/// <summary>Queues another trigger on the instance, to run after the step commits.</summary>
internal sealed class ChainAction : IWorkflowAction
{
    public string Name => "chain";

    public string ParameterSchema => """{"type":"object","properties":{"trigger":{"type":"string"}},"required":["trigger"]}""";

    public Task ExecuteAsync(WorkflowActionContext context, JsonElement parameters, CancellationToken cancellationToken) =>
        context.FireAfter!(parameters.GetProperty("trigger").GetString()!, null, cancellationToken);
}

/// <summary>Fires a trigger on its own instance directly, which actions must not do.</summary>
internal sealed class NestAction : IWorkflowAction
{
    public string Name => "nest";

    public string ParameterSchema => """{"type":"object"}""";

    public Task ExecuteAsync(WorkflowActionContext context, JsonElement parameters, CancellationToken cancellationToken) =>
        context.Crm.Workflows.FireAsync(context.InstanceId, "remind", cancellationToken: cancellationToken);
}

/// <summary>Registers every test action the runtime definitions call.</summary>
internal static class TestActionRegistration
{
    public static ICrmEngineBuilder AddTestActions(this ICrmEngineBuilder builder) => builder
        .AddWorkflowAction<RecordAction>()
        .AddWorkflowAction<ExplodeAction>()
        .AddWorkflowAction<ChainAction>()
        .AddWorkflowAction<NestAction>();
}
