namespace Crm.Engine.StateMachine;

/// <summary>Describes a trigger known to a definition.</summary>
/// <typeparam name="TTrigger">The type of the machine's triggers.</typeparam>
public sealed class TriggerInfo<TTrigger>
{
    internal TriggerInfo(TTrigger trigger, Type? parameterType)
    {
        Trigger = trigger;
        ParameterType = parameterType;
    }

    /// <summary>Gets the trigger value.</summary>
    public TTrigger Trigger { get; }

    /// <summary>Gets the argument type registered with <c>SetTriggerParameters</c>, or <see langword="null"/> for a trigger without parameters.</summary>
    public Type? ParameterType { get; }

    /// <summary>Returns the trigger's text.</summary>
    /// <returns>The trigger formatted as text.</returns>
    public override string ToString() => Trigger?.ToString() ?? string.Empty;
}
