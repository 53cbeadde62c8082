using System.Text.Json;

namespace Crm.Engine.Workflows.Actions;

/// <summary>Adds a tag to the workflow's customer: <c>{"action": "addTag", "params": {"tag": "hot-lead"}}</c>.</summary>
internal sealed class AddTagAction : IWorkflowAction
{
    public string Name => "addTag";

    public string ParameterSchema => """
        {"type":"object","properties":{"tag":{"type":"string","minLength":1,"maxLength":64}},"required":["tag"],"additionalProperties":false}
        """;

    public Task ExecuteAsync(WorkflowActionContext context, JsonElement parameters, CancellationToken cancellationToken)
    {
        var tag = parameters.GetProperty("tag").GetString()!;
        return CustomerActionWriter.UpdateAsync(context, Name, c => c.Tags.Contains(tag, StringComparer.Ordinal) ? null : c with { Tags = [.. c.Tags, tag] }, cancellationToken);
    }
}
