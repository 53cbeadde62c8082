using Crm.Engine.Storage;

namespace Crm.Engine.Support;

/// <summary>Filters alerts; newest first.</summary>
public sealed record AlertQuery
{
    /// <summary>Gets the customer to list alerts of, if any.</summary>
    public Guid? CustomerId { get; init; }

    /// <summary>Gets the rule to list alerts of, if any.</summary>
    public string? Rule { get; init; }

    /// <summary>Gets the page.</summary>
    public PageRequest Page { get; init; } = PageRequest.First;
}
