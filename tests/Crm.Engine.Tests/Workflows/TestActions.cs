using System.Text.Json;
using Crm.Engine.Workflows;

namespace Crm.Engine.Tests.Workflows;

/// <summary>Actions with real parameter schemas, for definition validation tests.</summary>
internal sealed class TestAction(string name, string schema) : IWorkflowAction
{
    public static IReadOnlyList<IWorkflowAction> All { get; } =
    [
        new TestAction("addTag", """{"type":"object","properties":{"tag":{"type":"string","minLength":1}},"required":["tag"],"additionalProperties":false}"""),
        new TestAction("sendMessage", """{"type":"object","properties":{"channel":{"type":"string"},"template":{"type":"string"}},"required":["channel","template"],"additionalProperties":false}"""),
        new TestAction("assignOwner", """{"type":"object","properties":{"ownerId":{"type":"string"}},"required":["ownerId"]}"""),
    ];

    public string Name { get; } = name;

    public string ParameterSchema { get; } = schema;

    public Task ExecuteAsync(WorkflowActionContext context, JsonElement parameters, CancellationToken cancellationToken) => Task.CompletedTask;
}
