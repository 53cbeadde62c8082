using System.Text.Json;

namespace Crm.Engine.Workflows.Actions;

/// <summary>
/// Starts a durable timer on the instance: <c>{"action": "scheduleTrigger", "params": {"trigger": "followUp", "after": "P2D", "calendar": "office"}}</c>.
/// The timer belongs to the state the instance is in after the step, so leaving that state cancels it.
/// </summary>
internal sealed class ScheduleTriggerAction : IWorkflowAction
{
    public const string ActionName = "scheduleTrigger";

    public string Name => ActionName;

    public string ParameterSchema => """
        {
          "type": "object",
          "properties": {
            "trigger": { "type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_-]{0,63}$" },
            "after": { "type": "string", "pattern": "^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$" },
            "calendar": { "type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_-]{0,63}$" }
          },
          "required": ["trigger", "after"],
          "additionalProperties": false
        }
        """;

    public Task ExecuteAsync(WorkflowActionContext context, JsonElement parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var step = WorkflowStep.Current;
        var after = IsoDuration.Parse(parameters.GetProperty("after").GetString()!);
        var due = parameters.TryGetProperty("calendar", out var calendar)
            ? step.Workflow.Definition.Calendars[calendar.GetString()!].Add(context.Now, after)
            : after.AddTo(context.Now);
        step.ScheduledTriggers.Add((parameters.GetProperty("trigger").GetString()!, due));
        return Task.CompletedTask;
    }
}
