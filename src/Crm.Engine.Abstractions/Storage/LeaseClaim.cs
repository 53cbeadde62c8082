namespace Crm.Engine.Storage;

/// <summary>
/// Asks a storage provider to lease due work (outbox messages, scheduled jobs) to one engine instance, across tenants.
/// Work leased to an instance is invisible to others until the lease expires, so an instance that dies mid-claim has
/// its work picked up after <paramref name="LeaseDuration"/>.
/// </summary>
/// <param name="Now">The current time; work due at or before it is claimable.</param>
/// <param name="LeaseOwner">The claiming instance's id.</param>
/// <param name="LeaseDuration">How long the lease lasts.</param>
/// <param name="MaxCount">The most items to claim.</param>
public sealed record LeaseClaim(DateTimeOffset Now, string LeaseOwner, TimeSpan LeaseDuration, int MaxCount);
