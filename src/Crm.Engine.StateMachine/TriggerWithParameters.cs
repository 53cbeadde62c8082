namespace Crm.Engine.StateMachine;

/// <summary>
/// Binds a trigger to the type of the argument it carries, so firing it and handling it are checked by the compiler.
/// </summary>
/// <remarks>
/// Create instances with <see cref="StateMachineBuilder{TState, TTrigger}.SetTriggerParameters{TArgs}(TTrigger)"/>.
/// <typeparamref name="TArgs"/> can be any type: a single value, a value tuple for several values or a record.
/// Arguments are passed generically all the way to the actions, so value types are never boxed.
/// </remarks>
/// <typeparam name="TTrigger">The type of the machine's triggers.</typeparam>
/// <typeparam name="TArgs">The type of the argument passed when the trigger is fired.</typeparam>
public sealed class TriggerWithParameters<TTrigger, TArgs>
    where TTrigger : notnull
{
    internal TriggerWithParameters(TTrigger trigger)
    {
        Trigger = trigger;
    }

    /// <summary>Gets the underlying trigger value.</summary>
    public TTrigger Trigger { get; }

    /// <summary>Returns the trigger's name followed by its argument type, for diagnostics.</summary>
    /// <returns>A string such as <c>Qualify(Int32)</c>.</returns>
    public override string ToString() => $"{Trigger}({typeof(TArgs).Name})";
}
