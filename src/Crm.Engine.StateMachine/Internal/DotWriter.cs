using System.Text;

namespace Crm.Engine.StateMachine.Internal;

/// <summary>
/// Renders a definition as a Graphviz digraph. Superstates become clusters holding a point node that anchors their edges
/// (clipped to the cluster border with ltail/lhead) and marks their initial transition.
/// </summary>
internal static class DotWriter<TState, TTrigger>
{
    private const string Indent = "    ";

    public static string Write(StateMachineInfo<TState, TTrigger> info, bool hasInitial, TState initialState)
    {
        var builder = new StringBuilder("digraph {\n");
        builder.Append(Indent).Append("compound=true;\n");
        builder.Append(Indent).Append("rankdir=LR;\n");
        builder.Append(Indent).Append("node [shape=Mrecord];\n");
        if (hasInitial)
        {
            builder.Append(Indent).Append("__start [shape=point];\n");
        }

        foreach (StateInfo<TState, TTrigger> state in info.TopLevelStates)
        {
            WriteState(builder, state, Indent);
        }

        if (hasInitial)
        {
            StateInfo<TState, TTrigger>? initial = info.States.FirstOrDefault(s => EqualityComparer<TState>.Default.Equals(s.State, initialState));
            if (initial is not null)
            {
                builder.Append(Indent).Append("__start -> ").Append(Id(initial)).Append(";\n");
            }
        }

        foreach (StateInfo<TState, TTrigger> state in info.States)
        {
            if (state.InitialTransitionTarget is { } target)
            {
                builder.Append(Indent).Append(Id(state)).Append(" -> ").Append(Id(target)).Append(";\n");
            }
        }

        foreach (StateInfo<TState, TTrigger> state in info.States)
        {
            foreach (TransitionInfo<TState, TTrigger> transition in state.Transitions)
            {
                foreach ((StateInfo<TState, TTrigger> destination, string label) in DiagramLabels.Edges(transition))
                {
                    builder.Append(Indent).Append(Id(state)).Append(" -> ").Append(Id(destination))
                        .Append(" [label=").Append(Quote(label));
                    if (state.Substates.Count > 0)
                    {
                        builder.Append(", ltail=").Append(Quote("cluster_" + ValueText.Of(state.State)));
                    }

                    if (destination.Substates.Count > 0)
                    {
                        builder.Append(", lhead=").Append(Quote("cluster_" + ValueText.Of(destination.State)));
                    }

                    builder.Append("];\n");
                }
            }
        }

        return builder.Append("}\n").ToString();
    }

    private static void WriteState(StringBuilder builder, StateInfo<TState, TTrigger> state, string indent)
    {
        if (state.Substates.Count == 0)
        {
            builder.Append(indent).Append(Id(state)).Append(";\n");
            return;
        }

        string inner = indent + Indent;
        builder.Append(indent).Append("subgraph ").Append(Quote("cluster_" + ValueText.Of(state.State))).Append(" {\n");
        builder.Append(inner).Append("label=").Append(Id(state)).Append(";\n");
        builder.Append(inner).Append(Id(state)).Append(" [shape=point];\n");
        foreach (StateInfo<TState, TTrigger> substate in state.Substates)
        {
            WriteState(builder, substate, inner);
        }

        builder.Append(indent).Append("}\n");
    }

    private static string Id(StateInfo<TState, TTrigger> state) => Quote(ValueText.Of(state.State));

    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
