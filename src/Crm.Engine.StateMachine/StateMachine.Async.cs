using Crm.Engine.StateMachine.Internal;

namespace Crm.Engine.StateMachine;

/// <content>Asynchronous firing: awaits asynchronous guards and actions, and waits for the instance without blocking a thread.</content>
public sealed partial class StateMachine<TState, TTrigger>
{
    /// <summary>Fires <paramref name="trigger"/>, awaiting asynchronous guards and actions.</summary>
    /// <param name="trigger">The trigger to fire; it must not have been registered with parameters.</param>
    /// <returns>
    /// A task that completes when the transition and the triggers it queued have been processed. It completes synchronously, without
    /// allocating, when nothing on the way is asynchronous.
    /// </returns>
    /// <exception cref="InvalidTransitionException">The current state does not permit the trigger and no unhandled-trigger handler is set.</exception>
    /// <exception cref="StateMachineActionException">An action threw; the transition was rolled back.</exception>
    /// <exception cref="ArgumentException">The trigger takes parameters (thrown synchronously).</exception>
    public ValueTask FireAsync(TTrigger trigger) => FireAsyncCore(trigger, default(NoArgs));

    /// <summary>Fires a trigger with its typed argument, awaiting asynchronous guards and actions.</summary>
    /// <typeparam name="TArgs">The trigger's argument type.</typeparam>
    /// <param name="trigger">The trigger with parameters, from <c>SetTriggerParameters</c>.</param>
    /// <param name="args">The argument passed to guards, destination selectors and <c>OnEntryFrom</c> actions.</param>
    /// <returns>A task that completes when the transition and the triggers it queued have been processed.</returns>
    /// <exception cref="InvalidTransitionException">The current state does not permit the trigger.</exception>
    /// <exception cref="StateMachineActionException">An action threw; the transition was rolled back.</exception>
    public ValueTask FireAsync<TArgs>(TriggerWithParameters<TTrigger, TArgs> trigger, TArgs args)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return FireAsyncCore(trigger.Trigger, args);
    }

    /// <summary>Fires a trigger with two arguments, awaiting asynchronous guards and actions.</summary>
    /// <typeparam name="T0">The first argument's type.</typeparam>
    /// <typeparam name="T1">The second argument's type.</typeparam>
    /// <param name="trigger">The trigger with parameters.</param>
    /// <param name="arg0">The first argument.</param>
    /// <param name="arg1">The second argument.</param>
    /// <returns>A task that completes when the transition has been processed.</returns>
    /// <exception cref="InvalidTransitionException">The current state does not permit the trigger.</exception>
    /// <exception cref="StateMachineActionException">An action threw; the transition was rolled back.</exception>
    public ValueTask FireAsync<T0, T1>(TriggerWithParameters<TTrigger, (T0, T1)> trigger, T0 arg0, T1 arg1) =>
        FireAsync(trigger, (arg0, arg1));

    /// <summary>Fires a trigger with three arguments, awaiting asynchronous guards and actions.</summary>
    /// <typeparam name="T0">The first argument's type.</typeparam>
    /// <typeparam name="T1">The second argument's type.</typeparam>
    /// <typeparam name="T2">The third argument's type.</typeparam>
    /// <param name="trigger">The trigger with parameters.</param>
    /// <param name="arg0">The first argument.</param>
    /// <param name="arg1">The second argument.</param>
    /// <param name="arg2">The third argument.</param>
    /// <returns>A task that completes when the transition has been processed.</returns>
    /// <exception cref="InvalidTransitionException">The current state does not permit the trigger.</exception>
    /// <exception cref="StateMachineActionException">An action threw; the transition was rolled back.</exception>
    public ValueTask FireAsync<T0, T1, T2>(TriggerWithParameters<TTrigger, (T0, T1, T2)> trigger, T0 arg0, T1 arg1, T2 arg2) =>
        FireAsync(trigger, (arg0, arg1, arg2));

    /// <summary>Processes one trigger with the gate held, awaiting only where something is actually asynchronous.</summary>
    internal async ValueTask StepAsync<TArgs>(int triggerIndex, TTrigger trigger, TArgs args)
    {
        MachineModel<TState, TTrigger> model = _model;
        _gate.OwnerThreadId = Environment.CurrentManagedThreadId;
        TState current = ReadState();
        int source = CurrentStateIndex(current);
        TriggerSlot<TState, TTrigger>? slot = triggerIndex >= 0 ? model.Table[(source * model.TriggerCount) + triggerIndex] : null;
        Behaviour<TState, TTrigger>? behaviour = null;
        List<string>? unmet = null;
        if (slot is not null)
        {
            if (slot.Fast is { } fast)
            {
                behaviour = fast;
            }
            else if (!slot.HasAsyncGuards)
            {
                behaviour = Resolve(slot, ref args, ref unmet, current, trigger, "FireAsync");
            }
            else
            {
                EnterAsyncScope();
                (behaviour, unmet) = await ResolveAsync(slot, args, current, trigger).ConfigureAwait(false);
            }
        }

        if (behaviour is null)
        {
            if (model.UnhandledHandlerAsync is { } handler)
            {
                EnterAsyncScope();
                await handler(current, trigger, unmet ?? (IReadOnlyList<string>)[]).ConfigureAwait(false);
                return;
            }

            HandleUnhandled(current, trigger, unmet);
            return;
        }

        switch (behaviour.Kind)
        {
            case TransitionKind.Ignore:
                return;
            case TransitionKind.Internal:
                if (!behaviour.Spec.Action!.IsAsync)
                {
                    RunInternal(behaviour, current, trigger, ref args);
                    return;
                }

                EnterAsyncScope();
                await RunInternalAsync(behaviour, current, trigger, args).ConfigureAwait(false);
                return;
            default:
                TransitionPlan plan = Plan(behaviour, source, ref args);
                if (!PlanRequiresAsync(plan, triggerIndex))
                {
                    Execute(plan, current, triggerIndex, trigger, ref args);
                    return;
                }

                EnterAsyncScope();
                await ExecuteAsync(plan, current, triggerIndex, trigger, args).ConfigureAwait(false);
                return;
        }
    }

    private ValueTask FireAsyncCore<TArgs>(TTrigger trigger, TArgs args)
    {
        int triggerIndex = _model.TriggerMap.IndexOf(trigger);
        CheckArguments<TArgs>(triggerIndex, trigger);
        if (!_model.HasAsync)
        {
            // Nothing in this definition can suspend: run synchronously and hand back a completed task, allocation-free.
            if (_gate.TryEnter())
            {
                try
                {
                    RunOwned(triggerIndex, trigger, ref args);
                    return default;
                }
                catch (Exception ex)
                {
                    return ValueTask.FromException(ex);
                }
            }

            if (IsReentrantCall())
            {
                Enqueue(triggerIndex, trigger, args);
                return default;
            }
        }

        return FireSlowAsync(triggerIndex, trigger, args);
    }

    private async ValueTask FireSlowAsync<TArgs>(int triggerIndex, TTrigger trigger, TArgs args)
    {
        if (!_gate.TryEnter())
        {
            if (IsReentrantCall())
            {
                Enqueue(triggerIndex, trigger, args);
                return;
            }

            await EnterGateAsync().ConfigureAwait(false);
        }

        if (!_model.HasAsync)
        {
            RunOwned(triggerIndex, trigger, ref args);
            return;
        }

        try
        {
            await StepAsync(triggerIndex, trigger, args).ConfigureAwait(false);
            if (_pending is { } pending)
            {
                while (!pending.IsEmpty && pending.TryDequeue(out QueuedFire<TState, TTrigger>? next))
                {
                    await next!.RunAsync(this).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            _pending?.Clear();
            throw;
        }
        finally
        {
            _gate.Exit();
        }
    }

    private async ValueTask EnterGateAsync()
    {
        _gate.BeginWait();
        try
        {
            while (_gate.TryEnterOrGetWaitTask() is { } wait)
            {
                await wait.ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.EndWait();
        }
    }

    /// <summary>
    /// Marks the current asynchronous flow as owning this machine before user code may await, so triggers it fires later, from any
    /// thread, are queued. The mark lives until the calling async method returns.
    /// </summary>
    private void EnterAsyncScope()
    {
        _gate.OwnerThreadId = 0;
        if (!ReferenceEquals(FiringScope.Owner.Value, this))
        {
            FiringScope.Owner.Value = this;
        }
    }

    private static async ValueTask<(Behaviour<TState, TTrigger>? Chosen, List<string>? Unmet)> ResolveAsync<TArgs>(
        TriggerSlot<TState, TTrigger> slot, TArgs args, TState current, TTrigger trigger)
    {
        List<string>? unmet = null;
        foreach (Behaviour<TState, TTrigger>[] level in slot.Levels)
        {
            Behaviour<TState, TTrigger>? chosen = null;
            foreach (Behaviour<TState, TTrigger> candidate in level)
            {
                bool met = true;
                foreach (TransitionGuard guard in candidate.Guards)
                {
                    bool passed = guard.IsAsync
                        ? await GuardEvaluator.EvaluateAsync(guard, args).ConfigureAwait(false)
                        : GuardEvaluator.Evaluate(guard, args);
                    if (!passed)
                    {
                        (unmet ??= []).Add(guard.Description);
                        met = false;
                    }
                }

                if (met)
                {
                    chosen = chosen is null ? candidate : throw Ambiguous(current, trigger, chosen, candidate);
                }
            }

            if (chosen is not null)
            {
                return (chosen, unmet);
            }
        }

        return (null, unmet);
    }

    private async ValueTask ExecuteAsync<TArgs>(TransitionPlan plan, TState current, int triggerIndex, TTrigger trigger, TArgs args)
    {
        MachineModel<TState, TTrigger> model = _model;
        StateNode<TState, TTrigger>[] nodes = model.Nodes;
        TState destination = model.States[plan.Final];
        var transition = new Transition<TState, TTrigger>(current, destination, trigger, plan.IsReentry, IsInternal: false);
        int mark = _pending?.Mark ?? 0;
        ActionCallback<TState, TTrigger>? running = null;
        StateMachineActionKind phase = StateMachineActionKind.Exit;
        bool stored = false;
        try
        {
            int[] sourcePath = nodes[plan.Source].Path;
            for (int depth = sourcePath.Length - 1; depth > plan.CommonDepth; depth--)
            {
                foreach (ActionCallback<TState, TTrigger> exit in nodes[sourcePath[depth]].Exit)
                {
                    running = exit;
                    await ActionInvoker.InvokeAsync(exit, transition, args).ConfigureAwait(false);
                }
            }

            phase = StateMachineActionKind.StateMutator;
            running = null;
            WriteState(destination);
            stored = true;

            phase = StateMachineActionKind.Transitioned;
            foreach (ActionCallback<TState, TTrigger> handler in model.Transitioned)
            {
                running = handler;
                await ActionInvoker.InvokeAsync(handler, transition, args).ConfigureAwait(false);
            }

            phase = StateMachineActionKind.Entry;
            int[] destinationPath = nodes[plan.Final].Path;
            for (int depth = plan.CommonDepth + 1; depth < destinationPath.Length; depth++)
            {
                foreach (EntryAction<TState, TTrigger> entry in nodes[destinationPath[depth]].Entry)
                {
                    if (entry.TriggerFilter < 0 || entry.TriggerFilter == triggerIndex)
                    {
                        running = entry.Callback;
                        await ActionInvoker.InvokeAsync(entry.Callback, transition, args).ConfigureAwait(false);
                    }
                }
            }

            phase = StateMachineActionKind.TransitionCompleted;
            foreach (ActionCallback<TState, TTrigger> handler in model.Completed)
            {
                running = handler;
                await ActionInvoker.InvokeAsync(handler, transition, args).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            throw RollBack(ex, phase, running, transition, stored, mark);
        }
    }

    private async ValueTask RunInternalAsync<TArgs>(Behaviour<TState, TTrigger> behaviour, TState current, TTrigger trigger, TArgs args)
    {
        var transition = new Transition<TState, TTrigger>(current, current, trigger, IsReentry: false, IsInternal: true);
        int mark = _pending?.Mark ?? 0;
        try
        {
            await ActionInvoker.InvokeAsync(behaviour.Spec.Action!, transition, args).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw RollBack(ex, StateMachineActionKind.InternalTransition, behaviour.Spec.Action, transition, stored: false, mark);
        }
    }
}
