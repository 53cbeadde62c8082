namespace Crm.Engine;

/// <summary>
/// Reports a completed merge: the surviving customer as stored and what was moved to it.
/// </summary>
/// <param name="Survivor">The survivor after the merge.</param>
/// <param name="Record">The merge record that was stored.</param>
public sealed record MergeResult(Customer Survivor, MergeRecord Record);
