using Crm.Engine.Storage;

namespace Crm.Engine.Support;

/// <summary>
/// Everything support needs about one customer in one answer: the profile, the newest timeline page, open and recent
/// cases, the newest purchases page, consent history and the RFM score.
/// </summary>
/// <remarks>
/// A nominal record with init properties: sections added later (open deals, loyalty status, feedback) are new optional
/// properties, so code that reads or builds this type keeps compiling and serialized payloads only grow.
/// </remarks>
public sealed record Customer360
{
    /// <summary>Gets the customer's profile.</summary>
    public required Customer Profile { get; init; }

    /// <summary>Gets the newest page of the timeline; its continuation token pages on through <see cref="IInteractionService"/>.</summary>
    public required Page<Interaction> Timeline { get; init; }

    /// <summary>Gets every open case, newest first.</summary>
    public required IReadOnlyList<SupportCase> OpenCases { get; init; }

    /// <summary>Gets the most recently opened cases whatever their status, newest first.</summary>
    public required IReadOnlyList<SupportCase> RecentCases { get; init; }

    /// <summary>Gets the newest page of purchases; its continuation token pages on through <see cref="IPurchaseService"/>.</summary>
    public required Page<Purchase> Purchases { get; init; }

    /// <summary>Gets the consent history, oldest first.</summary>
    public required IReadOnlyList<ConsentRecord> Consents { get; init; }

    /// <summary>Gets the latest computed RFM score, or <see langword="null"/> when RFM was not computed for the customer.</summary>
    public RfmScore? Rfm { get; init; }

    /// <summary>
    /// Gets the customer's open deals (first page, oldest first), or <see langword="null"/> when the caller may not read
    /// deals or the storage provider does not store them.
    /// </summary>
    public Page<Sales.Deal>? OpenDeals { get; init; }

    /// <summary>
    /// Gets the loyalty account (balance, tier), or <see langword="null"/> when the customer has none, the caller may not
    /// read loyalty, or the provider does not store it.
    /// </summary>
    public Loyalty.LoyaltyAccount? Loyalty { get; init; }

    /// <summary>
    /// Gets the newest survey responses (first page), or <see langword="null"/> when the caller may not read feedback or
    /// the provider does not store it.
    /// </summary>
    public Page<Feedback.SurveyResponse>? RecentFeedback { get; init; }

    /// <summary>Gets when the view was assembled.</summary>
    public DateTimeOffset AsOf { get; init; }
}
