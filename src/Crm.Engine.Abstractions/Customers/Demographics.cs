namespace Crm.Engine;

/// <summary>
/// Holds the demographic data of a customer that segments are commonly built on.
/// </summary>
public sealed record Demographics
{
    /// <summary>Gets an instance with no data.</summary>
    public static Demographics Empty { get; } = new();

    /// <summary>Gets the date of birth. A protected field: see the security guide.</summary>
    public DateOnly? BirthDate { get; init; }

    /// <summary>Gets the gender as given by the customer (free text, not an enumeration).</summary>
    public string? Gender { get; init; }

    /// <summary>Gets the city.</summary>
    public string? City { get; init; }

    /// <summary>Gets the region, state or province.</summary>
    public string? Region { get; init; }

    /// <summary>Gets the country as an ISO 3166-1 alpha-2 code such as <c>DE</c>.</summary>
    public string? Country { get; init; }

    /// <summary>Gets the postal code.</summary>
    public string? PostalCode { get; init; }

    /// <summary>Gets the income band label (for example <c>50-75k</c>). A protected field: see the security guide.</summary>
    public string? IncomeBand { get; init; }
}
