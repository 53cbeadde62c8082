namespace Crm.Engine.Campaigns;

/// <summary>
/// Assigns a customer to a variant from a hash of campaign and customer id: the same customer always gets the same
/// variant of a campaign, on any machine and in any send, and customers spread over the variants by their splits.
/// </summary>
internal static class VariantAssigner
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>Gets the bucket 0..99 of a customer in a campaign.</summary>
    public static int Bucket(Guid campaignId, Guid customerId)
    {
        Span<byte> bytes = stackalloc byte[32];
        campaignId.TryWriteBytes(bytes);
        customerId.TryWriteBytes(bytes[16..]);
        var hash = FnvOffset;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        // FNV's low bits mix poorly; fold the high half in before taking the bucket.
        hash ^= hash >> 29;
        hash *= 0xbf58476d1ce4e5b9UL;
        hash ^= hash >> 32;
        return (int)(hash % 100);
    }

    /// <summary>Picks the variant whose cumulative split covers the customer's bucket.</summary>
    public static CampaignVariant Assign(IReadOnlyList<CampaignVariant> variants, Guid campaignId, Guid customerId)
    {
        var bucket = Bucket(campaignId, customerId);
        var upTo = 0;
        foreach (var variant in variants)
        {
            upTo += variant.SplitPercent;
            if (bucket < upTo)
            {
                return variant;
            }
        }

        return variants[^1];
    }
}
