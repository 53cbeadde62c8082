using Crm.Engine.Storage;

namespace Crm.Engine.Support;

/// <summary>What a <see cref="Customer360"/> should hold and how much of the sections that grow.</summary>
/// <remarks>New sections arrive as new init properties with defaults, so existing callers keep compiling.</remarks>
public sealed record Customer360Request
{
    /// <summary>Gets the customer.</summary>
    public required Guid CustomerId { get; init; }

    /// <summary>Gets the timeline page (newest first); 20 items by default.</summary>
    public PageRequest Timeline { get; init; } = new(20);

    /// <summary>Gets the purchases page (newest first); 10 items by default.</summary>
    public PageRequest Purchases { get; init; } = new(10);

    /// <summary>Gets how many recently opened cases to include besides the open ones; 10 by default.</summary>
    public int RecentCases { get; init; } = 10;

    /// <summary>Gets the page of open deals to include; default the first 10.</summary>
    public PageRequest Deals { get; init; } = new(10);

    /// <summary>Gets the page of the newest survey responses to include; default the first 5.</summary>
    public PageRequest Feedback { get; init; } = new(5);
}
