namespace Crm.Engine;

/// <summary>
/// Names how a merge picks the value of one field from the survivor and the merged (losing) customer.
/// </summary>
public enum SurvivorshipRule
{
    /// <summary>The survivor's value when it is not empty, otherwise the merged customer's.</summary>
    PreferSurvivor = 0,

    /// <summary>The non-empty value of the customer changed most recently (<see cref="Customer.UpdatedAt"/>).</summary>
    MostRecentNonEmpty = 1,

    /// <summary>The longer of the two non-empty values.</summary>
    Longest = 2,

    /// <summary>Both lists joined without duplicates, the survivor's entries first (emails, phones, tags).</summary>
    Union = 3,

    /// <summary>The non-empty value of the customer created first (<see cref="Customer.CreatedAt"/>).</summary>
    Oldest = 4,
}
