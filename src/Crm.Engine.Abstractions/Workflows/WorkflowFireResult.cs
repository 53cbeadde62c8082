namespace Crm.Engine.Workflows;

/// <summary>Tells what firing a trigger did.</summary>
/// <param name="Instance">The instance after the fire (unchanged when <paramref name="Applied"/> is false).</param>
/// <param name="Applied">
/// <see langword="true"/> when the trigger transitioned the instance; <see langword="false"/> when its idempotency key
/// had been processed before, so nothing happened again.
/// </param>
/// <param name="Transition">The history entry the fire wrote, or <see langword="null"/> when it was a duplicate.</param>
public sealed record WorkflowFireResult(WorkflowInstance Instance, bool Applied, WorkflowHistoryEntry? Transition);
