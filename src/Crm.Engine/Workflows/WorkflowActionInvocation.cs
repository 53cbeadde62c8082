using System.Text.Json;

namespace Crm.Engine.Workflows;

/// <summary>Calls a named action with parameters: <c>{"action": "addTag", "params": {"tag": "hot"}}</c>.</summary>
/// <param name="Action">The action's name.</param>
/// <param name="Parameters">The parameters (an object; empty when none were given).</param>
/// <param name="Path">The JSON path of the invocation, for error messages.</param>
public sealed record WorkflowActionInvocation(string Action, JsonElement Parameters, string Path);
