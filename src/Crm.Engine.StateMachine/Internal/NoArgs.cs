namespace Crm.Engine.StateMachine.Internal;

/// <summary>Stands in for the argument of a trigger fired without parameters, so one generic firing path serves both.</summary>
internal readonly struct NoArgs;
