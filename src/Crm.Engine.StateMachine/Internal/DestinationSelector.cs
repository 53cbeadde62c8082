namespace Crm.Engine.StateMachine.Internal;

/// <summary>Computes the destination of a dynamic transition, optionally from the trigger's typed argument.</summary>
internal abstract class DestinationSelector<TState>(Type? argumentType)
{
    public Type? ArgumentType { get; } = argumentType;

    /// <summary>Runs the selector; type tests instead of a generic virtual method keep this cheap and unboxed.</summary>
    public static TState Select<TArgs>(DestinationSelector<TState> selector, in TArgs args)
    {
        if (selector is PlainDestinationSelector<TState> plain)
        {
            return plain.Selector();
        }

        if (selector is ArgsDestinationSelector<TState, TArgs> typed)
        {
            return typed.Selector(args);
        }

        throw new InvalidOperationException(
            $"The destination selector needs an argument of type '{selector.ArgumentType?.Name}' but got '{typeof(TArgs).Name}'.");
    }
}

internal sealed class PlainDestinationSelector<TState>(Func<TState> selector) : DestinationSelector<TState>(argumentType: null)
{
    public Func<TState> Selector { get; } = selector;
}

internal sealed class ArgsDestinationSelector<TState, TArgs>(Func<TArgs, TState> selector) : DestinationSelector<TState>(typeof(TArgs))
{
    public Func<TArgs, TState> Selector { get; } = selector;
}
