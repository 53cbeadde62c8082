using System.Text.Json;

namespace Crm.Engine.Workflows.Actions;

/// <summary>Sets the owner of the workflow's customer: <c>{"action": "assignOwner", "params": {"ownerId": "sales-emea"}}</c>.</summary>
internal sealed class AssignOwnerAction : IWorkflowAction
{
    public string Name => "assignOwner";

    public string ParameterSchema => """
        {"type":"object","properties":{"ownerId":{"type":"string","minLength":1,"maxLength":128}},"required":["ownerId"],"additionalProperties":false}
        """;

    public Task ExecuteAsync(WorkflowActionContext context, JsonElement parameters, CancellationToken cancellationToken)
    {
        var owner = parameters.GetProperty("ownerId").GetString()!;
        return CustomerActionWriter.UpdateAsync(context, Name, c => c.OwnerId == owner ? null : c with { OwnerId = owner }, cancellationToken);
    }
}
