using Crm.Engine.Events;

namespace Crm.Engine.Loyalty;

/// <summary>The outcome of a loyalty operation.</summary>
public sealed record LoyaltyResult
{
    /// <summary>Gets the entries the operation appended; empty when it was a repeat or had nothing to do.</summary>
    public IReadOnlyList<LoyaltyLedgerEntry> Entries { get; init; } = [];

    /// <summary>Gets the customer's account after the operation, or <see langword="null"/> when there is still none.</summary>
    public LoyaltyAccount? Account { get; init; }

    /// <summary>Gets whether every entry the operation would append already existed (a redelivered event or a retried posting).</summary>
    public bool Duplicate { get; init; }

    /// <summary>
    /// Gets whether a redemption or negative adjustment was refused because the balance was too low; nothing was
    /// written. Programs report it as a value (a refusal is not a plugin fault); the engine's service turns it into
    /// <see cref="CrmInsufficientPointsException"/>.
    /// </summary>
    public bool InsufficientBalance { get; init; }

    /// <summary>
    /// Gets the domain events the operation raised (<see cref="PointsAwarded"/>, <see cref="PointsRedeemed"/>,
    /// <see cref="PointsExpired"/>, <see cref="TierChanged"/>); whoever commits the transaction publishes them after the commit.
    /// </summary>
    public IReadOnlyList<CrmEvent> Events { get; init; } = [];
}
