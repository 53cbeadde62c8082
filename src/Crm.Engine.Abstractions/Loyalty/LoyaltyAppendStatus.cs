namespace Crm.Engine.Loyalty;

/// <summary>Says what <see cref="ILoyaltyStore.AppendAsync"/> did.</summary>
public enum LoyaltyAppendStatus
{
    /// <summary>The entry was appended and the balance moved.</summary>
    Appended = 0,

    /// <summary>An entry with the same idempotency key existed; nothing changed and the existing entry is returned.</summary>
    Duplicate = 1,

    /// <summary>The entry would take the balance below zero; nothing changed.</summary>
    InsufficientBalance = 2,
}
