using System.Text.Json;

namespace Crm.Engine.Workflows;

/// <summary>
/// Performs one named step of a workflow (send a message, add a tag, open a case...). Built-in actions and plugin
/// actions implement this contract; workflow JSON refers to them by <see cref="Name"/> only, never by CLR type.
/// </summary>
/// <remarks>
/// Actions must be idempotent per <see cref="WorkflowActionContext.IdempotencyKey"/>: the runtime retries failed
/// actions with the workflow's retry policy and may run an action again after a crash.
/// </remarks>
public interface IWorkflowAction
{
    /// <summary>Gets the name workflow definitions use, in camelCase, such as <c>addTag</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Gets the JSON Schema (draft-07) the action's <c>params</c> object must satisfy; checked when a definition is
    /// validated, so a typo fails at load time, not when the action runs.
    /// </summary>
    string ParameterSchema { get; }

    /// <summary>Runs the action.</summary>
    /// <param name="context">The workflow instance, entity and trigger the action runs for.</param>
    /// <param name="parameters">The validated <c>params</c> object from the definition.</param>
    /// <param name="cancellationToken">Cancels the action.</param>
    /// <returns>A task that completes when the action is done.</returns>
    Task ExecuteAsync(WorkflowActionContext context, JsonElement parameters, CancellationToken cancellationToken);
}
