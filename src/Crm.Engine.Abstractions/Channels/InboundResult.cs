namespace Crm.Engine.Channels;

/// <summary>What the engine did with one inbound message.</summary>
/// <param name="Interaction">The interaction recorded for it (the earlier one for a duplicate).</param>
/// <param name="CustomerId">The customer it was matched to or created as a lead.</param>
/// <param name="CreatedLead">Whether the sender was unknown and became a new lead.</param>
/// <param name="Duplicate">Whether the message had been recorded before, so nothing new was written.</param>
public sealed record InboundResult(Interaction Interaction, Guid CustomerId, bool CreatedLead, bool Duplicate)
{
    /// <summary>Gets the outbound interaction this message replies to, when it could be matched.</summary>
    public Guid? RepliesTo { get; init; }

    /// <summary>Gets the ids of auto-replies enqueued for it.</summary>
    public IReadOnlyList<Guid> AutoReplies { get; init; } = [];
}
