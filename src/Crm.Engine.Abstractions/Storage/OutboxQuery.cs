using Crm.Engine.Channels;

namespace Crm.Engine.Storage;

/// <summary>Filters a listing of outbox messages; every criterion is optional and they combine with AND.</summary>
public sealed record OutboxQuery
{
    /// <summary>Gets the status to list, or <see langword="null"/> for all.</summary>
    public OutboxStatus? Status { get; init; }

    /// <summary>Gets the customer whose messages to list.</summary>
    public Guid? CustomerId { get; init; }

    /// <summary>Gets the campaign whose messages to list.</summary>
    public Guid? CampaignId { get; init; }

    /// <summary>Gets the page to return (newest first).</summary>
    public PageRequest Page { get; init; } = PageRequest.First;
}
