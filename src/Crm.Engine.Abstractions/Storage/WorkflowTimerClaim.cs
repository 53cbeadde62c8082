namespace Crm.Engine.Storage;

/// <summary>Asks a provider for due workflow timers of every tenant, leased to one scheduler.</summary>
/// <param name="Now">The engine's current time: timers due at or before it are claimed. Providers never read their own clock.</param>
/// <param name="LeaseOwner">Identifies the claiming scheduler (one per engine instance).</param>
/// <param name="LeaseDuration">How long the claim keeps other schedulers away; a crashed owner's timers are claimable again after it.</param>
/// <param name="MaxCount">The most timers to claim at once.</param>
public sealed record WorkflowTimerClaim(DateTimeOffset Now, string LeaseOwner, TimeSpan LeaseDuration, int MaxCount);
