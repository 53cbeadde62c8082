namespace Crm.Engine.StateMachine.Internal;

/// <summary>
/// Marks the asynchronous flow that currently owns a machine, so that a trigger fired by an asynchronous action after it awaited
/// (possibly on another thread) is recognised as coming from inside the machine and queued instead of deadlocking on the gate.
/// </summary>
internal static class FiringScope
{
    public static readonly AsyncLocal<object?> Owner = new();
}
