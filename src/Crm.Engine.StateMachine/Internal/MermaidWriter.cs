using System.Text;

namespace Crm.Engine.StateMachine.Internal;

/// <summary>Renders a definition as a Mermaid <c>stateDiagram-v2</c>; superstates become composite states.</summary>
internal static class MermaidWriter<TState, TTrigger>
{
    private const string Indent = "    ";

    public static string Write(StateMachineInfo<TState, TTrigger> info, bool hasInitial, TState initialState)
    {
        var ids = new Dictionary<StateInfo<TState, TTrigger>, string>(ReferenceEqualityComparer.Instance);
        var builder = new StringBuilder("stateDiagram-v2\n");
        for (int i = 0; i < info.States.Count; i++)
        {
            StateInfo<TState, TTrigger> state = info.States[i];
            string text = ValueText.Of(state.State);
            if (IsIdentifier(text))
            {
                ids.Add(state, text);
            }
            else
            {
                // Mermaid ids cannot contain spaces or punctuation; declare an alias that shows the real name.
                string id = "s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                ids.Add(state, id);
                builder.Append(Indent).Append("state \"").Append(text.Replace("\"", "#quot;", StringComparison.Ordinal))
                    .Append("\" as ").Append(id).Append('\n');
            }
        }

        if (hasInitial)
        {
            StateInfo<TState, TTrigger>? initial = info.States.FirstOrDefault(s => EqualityComparer<TState>.Default.Equals(s.State, initialState));
            if (initial is not null)
            {
                builder.Append(Indent).Append("[*] --> ").Append(ids[initial]).Append('\n');
            }
        }

        foreach (StateInfo<TState, TTrigger> state in info.TopLevelStates)
        {
            WriteState(builder, state, ids, Indent);
        }

        foreach (StateInfo<TState, TTrigger> state in info.States)
        {
            foreach (TransitionInfo<TState, TTrigger> transition in state.Transitions)
            {
                if (transition.Kind == TransitionKind.Dynamic && transition.PossibleDestinations.Count == 0)
                {
                    builder.Append(Indent).Append("%% ").Append(ids[state]).Append(" : ").Append(DiagramLabels.For(transition))
                        .Append(" has no declared destinations\n");
                }

                foreach ((StateInfo<TState, TTrigger> destination, string label) in DiagramLabels.Edges(transition))
                {
                    builder.Append(Indent).Append(ids[state]).Append(" --> ").Append(ids[destination])
                        .Append(" : ").Append(label.Replace('\n', ' ')).Append('\n');
                }
            }
        }

        return builder.ToString();
    }

    private static void WriteState(
        StringBuilder builder, StateInfo<TState, TTrigger> state, Dictionary<StateInfo<TState, TTrigger>, string> ids, string indent)
    {
        if (state.Substates.Count == 0)
        {
            builder.Append(indent).Append(ids[state]).Append('\n');
            return;
        }

        builder.Append(indent).Append("state ").Append(ids[state]).Append(" {\n");
        string inner = indent + Indent;
        if (state.InitialTransitionTarget is { } initial)
        {
            builder.Append(inner).Append("[*] --> ").Append(ids[initial]).Append('\n');
        }

        foreach (StateInfo<TState, TTrigger> substate in state.Substates)
        {
            WriteState(builder, substate, ids, inner);
        }

        builder.Append(indent).Append("}\n");
    }

    private static bool IsIdentifier(string text) =>
        text.Length > 0 && !char.IsAsciiDigit(text[0]) && text.All(static c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
