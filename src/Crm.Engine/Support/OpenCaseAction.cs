using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crm.Engine.Workflows;
using Crm.Engine.Workflows.Actions;

namespace Crm.Engine.Support;

/// <summary>
/// <c>openCase</c>: opens a support case for the workflow's customer inside the step's transaction, so the case exists
/// exactly when the transition does: <c>{"action": "openCase", "params": {"subject": "Order late", "priority": "High", "team": "tier1"}}</c>.
/// The case's open key derives from the step's idempotency key, so a retried step opens it once.
/// </summary>
internal sealed class OpenCaseAction : IWorkflowAction
{
    private readonly CrmEngine? _engine;

    /// <summary>Creates the action for definition checks without an engine (it cannot run).</summary>
    public OpenCaseAction()
    {
    }

    /// <summary>Creates the action for an engine.</summary>
    public OpenCaseAction(CrmEngine engine)
    {
        _engine = engine;
    }

    public string Name => "openCase";

    public string ParameterSchema => """
        {
          "type": "object",
          "properties": {
            "subject": { "type": "string", "minLength": 1, "maxLength": 500 },
            "description": { "type": "string", "maxLength": 10000 },
            "priority": { "enum": ["Low", "Normal", "High", "Urgent"] },
            "category": { "type": "string", "minLength": 1, "maxLength": 100 },
            "team": { "type": "string", "minLength": 1, "maxLength": 100 },
            "slaPolicy": { "type": "string", "minLength": 1, "maxLength": 100 }
          },
          "required": ["subject"],
          "additionalProperties": false
        }
        """;

    public async Task ExecuteAsync(WorkflowActionContext context, JsonElement parameters, CancellationToken cancellationToken)
    {
        var engine = _engine ?? throw new InvalidOperationException("The openCase action was created without an engine; resolve it from the engine's services.");
        var session = CustomerActionWriter.Session(context, Name);
        var writer = new CaseWriter(engine, SupportUnit.Options(engine), session, WorkflowEventDispatcher.ActorPrefix + context.InstanceId, (e, _) =>
        {
            context.PublishAfterCommit?.Invoke(e);
            return Task.CompletedTask;
        });
        await writer.OpenAsync(new OpenCaseRequest
        {
            CustomerId = context.EntityId,
            Subject = parameters.GetProperty("subject").GetString()!,
            Description = Text(parameters, "description"),
            Priority = Text(parameters, "priority") is { } priority ? Enum.Parse<CasePriority>(priority) : CasePriority.Normal,
            Category = Text(parameters, "category"),
            TeamId = Text(parameters, "team"),
            SlaPolicy = Text(parameters, "slaPolicy"),
            Channel = "workflow",
            OpenKey = Key(context),
        }, context.Now, cancellationToken).ConfigureAwait(false);
    }

    private static string? Text(JsonElement parameters, string name) =>
        parameters.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static string Key(WorkflowActionContext context)
    {
        var raw = $"wf:{context.InstanceId:N}:{context.IdempotencyKey}:openCase";
        return raw.Length <= 200 ? raw : "wf:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)));
    }
}
