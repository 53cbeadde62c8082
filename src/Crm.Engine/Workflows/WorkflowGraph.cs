namespace Crm.Engine.Workflows;

/// <summary>Draws a workflow definition as a Mermaid state diagram or a Graphviz DOT graph, through its compiled state machine.</summary>
public static class WorkflowGraph
{
    /// <summary>Writes a Mermaid <c>stateDiagram-v2</c> of a definition.</summary>
    /// <param name="definition">The validated definition.</param>
    /// <returns>The diagram text.</returns>
    public static string ToMermaid(WorkflowDefinition definition) => Compile(definition).Machine.ToMermaid(definition.InitialState);

    /// <summary>Writes a Graphviz DOT graph of a definition.</summary>
    /// <param name="definition">The validated definition.</param>
    /// <returns>The graph text.</returns>
    public static string ToDot(WorkflowDefinition definition) => Compile(definition).Machine.ToDotGraph(definition.InitialState);

    private static CompiledWorkflow Compile(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var actions = WorkflowActions.CreateBuiltIn().ToDictionary(a => a.Name, StringComparer.Ordinal);
        var (workflow, errors) = WorkflowCompiler.Compile(definition, actions);
        return workflow ?? throw new CrmValidationException(errors);
    }
}
