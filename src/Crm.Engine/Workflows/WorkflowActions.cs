using Crm.Engine.Workflows.Actions;

namespace Crm.Engine.Workflows;

/// <summary>
/// Lists the built-in workflow actions (<c>addTag</c>, <c>removeTag</c>, <c>setField</c>, <c>assignOwner</c>,
/// <c>scheduleTrigger</c>, <c>createTask</c>), for tools that validate definitions without an engine.
/// </summary>
/// <remarks>
/// Actions that need subsystems not built yet (<c>sendMessage</c>, <c>moveDealStage</c>, <c>openCase</c>,
/// <c>awardPoints</c>) arrive as one new <see cref="IWorkflowAction"/> class each, added to this list.
/// </remarks>
public static class WorkflowActions
{
    /// <summary>Creates the built-in actions.</summary>
    /// <returns>New instances of every built-in action.</returns>
    public static IReadOnlyList<IWorkflowAction> CreateBuiltIn() =>
    [
        new AddTagAction(),
        new RemoveTagAction(),
        new SetFieldAction(),
        new AssignOwnerAction(),
        new ScheduleTriggerAction(),
        new CreateTaskAction(),
        new SendMessageAction(),
        new Sales.MoveDealStageAction(),
        new Support.OpenCaseAction(),

        // Validation needs only the name and parameter schema; the engine's instance is built by DI with its services.
        new Loyalty.AwardPointsAction(NoServices.Instance),
    ];

    /// <summary>A service provider with nothing in it, for actions created only to be validated against.</summary>
    private sealed class NoServices : IServiceProvider
    {
        public static readonly NoServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }

    /// <summary>Creates a loader that accepts the built-in actions and the given ones.</summary>
    /// <param name="extra">Plugin actions definitions may also call.</param>
    /// <returns>The loader.</returns>
    public static WorkflowDefinitionLoader CreateLoader(IEnumerable<IWorkflowAction>? extra = null) =>
        new(CreateBuiltIn().Concat(extra ?? []));
}
