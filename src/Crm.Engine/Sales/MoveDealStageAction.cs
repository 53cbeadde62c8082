using System.Text.Json;
using Crm.Engine.Workflows;

namespace Crm.Engine.Sales;

/// <summary>
/// Moves the workflow's deal to a pipeline stage: <c>{"action": "moveDealStage", "params": {"stage": "proposal"}}</c>;
/// a lost stage takes its reason from the trigger payload's <c>reason</c>. Writes through the step's session, so the
/// move commits with the state change, and keeps the deal's stage history (actor <c>workflow:&lt;instance&gt;</c>).
/// </summary>
internal sealed class MoveDealStageAction : IWorkflowAction
{
    public string Name => "moveDealStage";

    public string ParameterSchema => """
        {"type":"object","properties":{"stage":{"type":"string","minLength":1,"maxLength":64}},"required":["stage"],"additionalProperties":false}
        """;

    public async Task ExecuteAsync(WorkflowActionContext context, JsonElement parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.EntityKind != "deal")
        {
            throw new InvalidOperationException($"Action '{Name}' moves deals, but workflow '{context.WorkflowId}' drives {context.EntityKind} records.");
        }

        var session = context.Storage ?? throw new InvalidOperationException($"Action '{Name}' must run inside a workflow step, which provides the storage session.");
        var stage = parameters.GetProperty("stage").GetString()!;
        var reason = context.Payload.ValueKind == JsonValueKind.Object && context.Payload.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String
            ? r.GetString()
            : null;
        var (_, events) = await DealStageMover.MoveAsync(session, context.EntityId, stage, reason, context.Now, WorkflowEventDispatcher.ActorPrefix + context.InstanceId, cancellationToken).ConfigureAwait(false);
        foreach (var e in events)
        {
            context.PublishAfterCommit?.Invoke(e);
        }
    }
}
