namespace Crm.Engine;

/// <summary>
/// Records that a customer's personal data was erased, without any of that data: only the random identifier,
/// when, who, why and how many records were anonymized.
/// </summary>
/// <param name="Id">The record identifier.</param>
/// <param name="CustomerId">The (random, non-personal) identifier of the erased customer.</param>
/// <param name="ErasedAt">When.</param>
/// <param name="Actor">The user who erased.</param>
/// <param name="Reason">Why, such as <c>gdpr-art-17-request</c>; must not contain personal data.</param>
public sealed record ErasureRecord(Guid Id, Guid CustomerId, DateTimeOffset ErasedAt, string Actor, string Reason)
{
    /// <summary>Gets how many interactions were anonymized (subject, body, metadata and external id removed).</summary>
    public long InteractionsAnonymized { get; init; }

    /// <summary>Gets how many purchases were kept (amounts and dates only).</summary>
    public long PurchasesKept { get; init; }

    /// <summary>Gets how many merge records had their snapshot removed.</summary>
    public long MergeSnapshotsRemoved { get; init; }
}
