namespace Crm.Engine.Workflows;

/// <summary>Fires a trigger when an instance has stayed in a state for a while: <c>{"after": "P3D", "fire": "noResponse"}</c>.</summary>
/// <param name="After">How long to wait.</param>
/// <param name="Fire">The trigger to fire.</param>
/// <param name="Calendar">The business calendar <see cref="After"/> is counted in, or <see langword="null"/> for elapsed time.</param>
public sealed record WorkflowTimeout(IsoDuration After, string Fire, string? Calendar);
