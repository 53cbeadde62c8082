namespace Crm.Engine.StateMachine.Internal;

/// <summary>What a state-changing transition will exit and enter, computed before any action runs.</summary>
/// <param name="Source">The current state's index.</param>
/// <param name="Final">The index of the state the machine ends in, after initial transitions.</param>
/// <param name="CommonDepth">
/// The depth of the deepest state that stays active (-1 for none): states below it on the source's path are exited, states
/// below it on the final state's path are entered.
/// </param>
/// <param name="IsReentry">Whether the transition re-enters a state it exits.</param>
internal readonly record struct TransitionPlan(int Source, int Final, int CommonDepth, bool IsReentry);
