namespace Crm.Engine;

/// <summary>
/// Tells who started an interaction.
/// </summary>
public enum InteractionDirection
{
    /// <summary>The customer contacted us.</summary>
    Inbound = 0,

    /// <summary>We contacted the customer.</summary>
    Outbound = 1,

    /// <summary>An internal note about the customer; nobody was contacted.</summary>
    Internal = 2,
}
