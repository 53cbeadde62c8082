using Crm.Engine.Storage;

namespace Crm.Plugins.Storage.Leasing;

/// <summary>
/// The rules every first-party provider applies to a claim of due work (outbox messages, scheduled jobs): what a valid
/// <see cref="LeaseClaim"/> is and when the lease it grants expires.
/// </summary>
internal static class LeaseClaims
{
    /// <summary>Checks a claim and returns when its lease expires.</summary>
    /// <exception cref="ArgumentException">The claim has no owner, a count below one or a lease that is not positive.</exception>
    public static DateTimeOffset Validate(LeaseClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentException.ThrowIfNullOrEmpty(claim.LeaseOwner, nameof(claim) + "." + nameof(claim.LeaseOwner));
        ArgumentOutOfRangeException.ThrowIfLessThan(claim.MaxCount, 1, nameof(claim) + "." + nameof(claim.MaxCount));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(claim.LeaseDuration, TimeSpan.Zero, nameof(claim) + "." + nameof(claim.LeaseDuration));
        return claim.Now + claim.LeaseDuration;
    }
}
