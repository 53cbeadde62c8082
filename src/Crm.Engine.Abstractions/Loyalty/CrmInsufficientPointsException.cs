namespace Crm.Engine.Loyalty;

/// <summary>Thrown when a redemption or negative adjustment would take a balance below zero; nothing was written.</summary>
public sealed class CrmInsufficientPointsException : CrmException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="requested">The points the operation needed.</param>
    /// <param name="available">The balance at the time.</param>
    public CrmInsufficientPointsException(Guid customerId, long requested, long available)
        : base($"Customer '{customerId}' has {available} points; {requested} were requested. Nothing was written.")
    {
        CustomerId = customerId;
        Requested = requested;
        Available = available;
    }

    /// <summary>Gets the customer.</summary>
    public Guid CustomerId { get; }

    /// <summary>Gets the points the operation needed.</summary>
    public long Requested { get; }

    /// <summary>Gets the balance at the time.</summary>
    public long Available { get; }
}
