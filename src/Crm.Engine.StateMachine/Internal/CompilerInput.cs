namespace Crm.Engine.StateMachine.Internal;

/// <summary>A snapshot of a builder's configuration handed to <see cref="DefinitionCompiler{TState, TTrigger}"/>.</summary>
internal sealed class CompilerInput<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    public required StateConfiguration<TState, TTrigger>[] Configurations { get; init; }

    public required Dictionary<TTrigger, Type> TriggerParameters { get; init; }

    public required TTrigger[] ParameterOrder { get; init; }

    public required ActionCallback<TState, TTrigger>[] Transitioned { get; init; }

    public required ActionCallback<TState, TTrigger>[] Completed { get; init; }

    public required Action<TState, TTrigger, IReadOnlyList<string>>? UnhandledHandler { get; init; }

    public required Func<TState, TTrigger, IReadOnlyList<string>, ValueTask>? UnhandledHandlerAsync { get; init; }
}
