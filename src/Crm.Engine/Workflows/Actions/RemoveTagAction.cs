using System.Text.Json;

namespace Crm.Engine.Workflows.Actions;

/// <summary>Removes a tag from the workflow's customer: <c>{"action": "removeTag", "params": {"tag": "new-lead"}}</c>.</summary>
internal sealed class RemoveTagAction : IWorkflowAction
{
    public string Name => "removeTag";

    public string ParameterSchema => """
        {"type":"object","properties":{"tag":{"type":"string","minLength":1,"maxLength":64}},"required":["tag"],"additionalProperties":false}
        """;

    public Task ExecuteAsync(WorkflowActionContext context, JsonElement parameters, CancellationToken cancellationToken)
    {
        var tag = parameters.GetProperty("tag").GetString()!;
        return CustomerActionWriter.UpdateAsync(context, Name, c => c.Tags.Contains(tag, StringComparer.Ordinal) ? c with { Tags = c.Tags.Where(t => t != tag).ToList() } : null, cancellationToken);
    }
}
