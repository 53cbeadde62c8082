using Crm.Engine.Workflows;

namespace Crm.Engine.Storage;

/// <summary>Selects the instances of one workflow, for migrations and maintenance.</summary>
/// <param name="WorkflowId">The workflow.</param>
public sealed record WorkflowInstanceQuery(string WorkflowId)
{
    /// <summary>Gets the definition version instances must follow, or <see langword="null"/> for any.</summary>
    public int? WorkflowVersion { get; init; }

    /// <summary>Gets the status instances must have, or <see langword="null"/> for any.</summary>
    public WorkflowInstanceStatus? Status { get; init; }

    /// <summary>Gets the page to read.</summary>
    public PageRequest Page { get; init; } = PageRequest.First;
}
