using Crm.Engine.Storage;

namespace Crm.Engine.Support;

/// <summary>A customer merge moves the merged customer's cases and alerts to the survivor, in the merge's transaction.</summary>
internal sealed class SupportMergeParticipant : IMergeParticipant
{
    public string Name => "support";

    public Task<long> RepointAsync(IStorageSession session, Guid survivorId, Guid mergedId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ISupportStore store;
        try
        {
            store = session.Support;
        }
        catch (NotSupportedException)
        {
            return Task.FromResult(0L); // a provider without support storage has no cases to move
        }

        return store.RepointCustomerAsync(survivorId, mergedId, cancellationToken);
    }
}
