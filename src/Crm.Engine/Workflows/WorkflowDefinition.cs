namespace Crm.Engine.Workflows;

/// <summary>
/// Is a validated, immutable workflow definition read from JSON (see <c>schemas/workflow.schema.json</c>).
/// Load one with <see cref="WorkflowDefinitionLoader"/>.
/// </summary>
public sealed record WorkflowDefinition
{
    /// <summary>Gets the workflow's identifier, stable across versions.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the version; new instances take the latest, running ones keep theirs.</summary>
    public required int Version { get; init; }

    /// <summary>Gets a human description, if given.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the kind of record an instance drives.</summary>
    public required WorkflowEntity Entity { get; init; }

    /// <summary>Gets the state new instances start in.</summary>
    public required string InitialState { get; init; }

    /// <summary>Gets the states by name, in document order.</summary>
    public required IReadOnlyDictionary<string, WorkflowState> States { get; init; }

    /// <summary>Gets the transitions, in document order (which is the order guards are tried in).</summary>
    public required IReadOnlyList<WorkflowTransition> Transitions { get; init; }

    /// <summary>Gets the declared triggers by name.</summary>
    public required IReadOnlyDictionary<string, WorkflowTrigger> Triggers { get; init; }

    /// <summary>Gets the business calendars by name.</summary>
    public required IReadOnlyDictionary<string, BusinessCalendar> Calendars { get; init; }

    /// <summary>Gets how failed actions are retried.</summary>
    public required WorkflowRetryPolicy Retry { get; init; }

    /// <summary>Gets how running instances of an earlier version move to this one, if declared.</summary>
    public WorkflowMigration? MigrateFrom { get; init; }

    /// <summary>Gets the file or source name the definition was read from, if known.</summary>
    public string? Source { get; init; }
}
