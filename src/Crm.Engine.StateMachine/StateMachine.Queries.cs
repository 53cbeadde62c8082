using Crm.Engine.StateMachine.Internal;

namespace Crm.Engine.StateMachine;

/// <content>Read-only questions about what the machine would do; they evaluate guards but run no action and change nothing.</content>
public sealed partial class StateMachine<TState, TTrigger>
{
    /// <summary>Gets the triggers that can be fired now without error, in definition order (ignored triggers included).</summary>
    /// <remarks>
    /// Evaluated synchronously on the calling thread. Guards that read trigger arguments cannot be evaluated without them and count as
    /// met. Each access evaluates the guards again and returns a new list.
    /// </remarks>
    /// <exception cref="InvalidOperationException">A candidate has asynchronous guards; use <see cref="GetPermittedTriggersAsync"/>.</exception>
    public IReadOnlyList<TTrigger> PermittedTriggers
    {
        get
        {
            TState current = ReadState();
            int source = CurrentStateIndex(current);
            var permitted = new List<TTrigger>();
            var none = default(NoArgs);
            for (int t = 0; t < _model.TriggerCount; t++)
            {
                TriggerSlot<TState, TTrigger>? slot = _model.Table[(source * _model.TriggerCount) + t];
                List<string>? unmet = null;
                if (slot is not null
                    && (slot.Fast ?? Resolve(slot, ref none, ref unmet, current, _model.Triggers[t], nameof(GetPermittedTriggersAsync))) is not null)
                {
                    permitted.Add(_model.Triggers[t]);
                }
            }

            return permitted;
        }
    }

    /// <summary>Returns the triggers that can be fired now without error, awaiting asynchronous guards.</summary>
    /// <returns>The permitted triggers in definition order (ignored triggers included).</returns>
    public async ValueTask<IReadOnlyList<TTrigger>> GetPermittedTriggersAsync()
    {
        var permitted = new List<TTrigger>();
        foreach (TTrigger trigger in _model.Triggers)
        {
            if (await CanFireAsync(trigger).ConfigureAwait(false))
            {
                permitted.Add(trigger);
            }
        }

        return permitted;
    }

    /// <summary>Determines whether <paramref name="trigger"/> can be fired now without error.</summary>
    /// <param name="trigger">The trigger to test.</param>
    /// <returns><see langword="true"/> if a transition, internal transition or ignore rule applies with all its guards met.</returns>
    /// <exception cref="InvalidOperationException">A candidate has asynchronous guards; use <see cref="CanFireAsync(TTrigger)"/>.</exception>
    public bool CanFire(TTrigger trigger) => CanFire(trigger, out _);

    /// <summary>Determines whether <paramref name="trigger"/> can be fired now and, if not, which guards are unmet.</summary>
    /// <param name="trigger">The trigger to test.</param>
    /// <param name="unmetGuards">
    /// When this returns <see langword="false"/>: the descriptions of the unmet guards of the candidate transitions, empty when the state
    /// has no transition for the trigger at all. Empty when this returns <see langword="true"/>.
    /// </param>
    /// <returns><see langword="true"/> if the trigger can be fired without error.</returns>
    /// <exception cref="InvalidOperationException">A candidate has asynchronous guards; use <see cref="CanFireAsync(TTrigger)"/>.</exception>
    public bool CanFire(TTrigger trigger, out IReadOnlyList<string> unmetGuards)
    {
        var none = default(NoArgs);
        return CanFireCore(trigger, ref none, out unmetGuards);
    }

    /// <summary>Determines whether a trigger can be fired now with the given argument, evaluating guards that read it.</summary>
    /// <typeparam name="TArgs">The trigger's argument type.</typeparam>
    /// <param name="trigger">The trigger with parameters to test.</param>
    /// <param name="args">The argument the guards are evaluated with.</param>
    /// <param name="unmetGuards">The descriptions of the unmet guards when this returns <see langword="false"/>; otherwise empty.</param>
    /// <returns><see langword="true"/> if firing the trigger with these arguments would not fail.</returns>
    /// <exception cref="ArgumentException">The trigger is registered with another argument type in this definition.</exception>
    public bool CanFire<TArgs>(TriggerWithParameters<TTrigger, TArgs> trigger, TArgs args, out IReadOnlyList<string> unmetGuards)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        CheckArguments<TArgs>(_model.TriggerMap.IndexOf(trigger.Trigger), trigger.Trigger);
        return CanFireCore(trigger.Trigger, ref args, out unmetGuards);
    }

    /// <summary>Determines whether <paramref name="trigger"/> can be fired now, awaiting asynchronous guards.</summary>
    /// <param name="trigger">The trigger to test.</param>
    /// <returns><see langword="true"/> if the trigger can be fired without error.</returns>
    public async ValueTask<bool> CanFireAsync(TTrigger trigger)
    {
        TState current = ReadState();
        int source = CurrentStateIndex(current);
        int triggerIndex = _model.TriggerMap.IndexOf(trigger);
        TriggerSlot<TState, TTrigger>? slot = triggerIndex >= 0 ? _model.Table[(source * _model.TriggerCount) + triggerIndex] : null;
        if (slot is null)
        {
            return false;
        }

        if (slot.Fast is not null)
        {
            return true;
        }

        (Behaviour<TState, TTrigger>? chosen, _) = await ResolveAsync(slot, default(NoArgs), current, trigger).ConfigureAwait(false);
        return chosen is not null;
    }

    private bool CanFireCore<TArgs>(TTrigger trigger, ref TArgs args, out IReadOnlyList<string> unmetGuards)
    {
        TState current = ReadState();
        int source = CurrentStateIndex(current);
        int triggerIndex = _model.TriggerMap.IndexOf(trigger);
        TriggerSlot<TState, TTrigger>? slot = triggerIndex >= 0 ? _model.Table[(source * _model.TriggerCount) + triggerIndex] : null;
        unmetGuards = [];
        if (slot is null)
        {
            return false;
        }

        if (slot.Fast is not null)
        {
            return true;
        }

        List<string>? unmet = null;
        if (Resolve(slot, ref args, ref unmet, current, trigger, nameof(CanFireAsync)) is not null)
        {
            return true;
        }

        unmetGuards = unmet ?? (IReadOnlyList<string>)[];
        return false;
    }
}
