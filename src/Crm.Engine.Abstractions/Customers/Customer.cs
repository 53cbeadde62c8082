namespace Crm.Engine;

/// <summary>
/// Represents one person or account the organisation deals with: the central record of the CRM.
/// </summary>
/// <remarks>
/// Instances are immutable; change one with a <c>with</c> expression and store it through the customer service,
/// which checks <see cref="Version"/> so that concurrent edits never overwrite each other silently.
/// </remarks>
public sealed record Customer : ICrmEntity
{
    /// <inheritdoc />
    public Guid Id { get; init; }

    /// <inheritdoc />
    public string TenantId { get; init; } = "";

    /// <summary>Gets the identifier of this customer in another system (ERP, shop), used for upserts.</summary>
    public string? ExternalId { get; init; }

    /// <summary>Gets the given name.</summary>
    public string FirstName { get; init; } = "";

    /// <summary>Gets the family name.</summary>
    public string LastName { get; init; } = "";

    /// <summary>Gets the company the customer works for or represents, if any.</summary>
    public string? Company { get; init; }

    /// <summary>Gets the email addresses, normalized to lower case; the first one is the primary address.</summary>
    public IReadOnlyList<string> Emails { get; init; } = [];

    /// <summary>Gets the phone numbers; the first one is the primary number.</summary>
    public IReadOnlyList<string> Phones { get; init; } = [];

    /// <summary>Gets the demographic data used for segmentation.</summary>
    public Demographics Demographics { get; init; } = Demographics.Empty;

    /// <summary>Gets the typed custom attributes, keyed by attribute name.</summary>
    public IReadOnlyDictionary<string, AttributeValue> Attributes { get; init; } = EmptyAttributes;

    /// <summary>Gets the free-form tags (for example <c>vip</c>), compared ordinally.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Gets where the customer stands in the lifecycle.</summary>
    public LifecycleStage LifecycleStage { get; init; } = LifecycleStage.Lead;

    /// <summary>Gets the identifier of the user who owns this customer, if assigned.</summary>
    public string? OwnerId { get; init; }

    /// <summary>Gets when the record was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the record was last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <inheritdoc />
    public long Version { get; init; }

    /// <summary>Gets the primary email address, or <see langword="null"/> when there is none.</summary>
    public string? PrimaryEmail => Emails.Count > 0 ? Emails[0] : null;

    /// <summary>Gets the primary phone number, or <see langword="null"/> when there is none.</summary>
    public string? PrimaryPhone => Phones.Count > 0 ? Phones[0] : null;

    /// <summary>Gets the display name: first and last name, or the company when both are empty.</summary>
    public string DisplayName
    {
        get
        {
            var name = $"{FirstName} {LastName}".Trim();
            return name.Length > 0 ? name : Company ?? "";
        }
    }

    private static readonly IReadOnlyDictionary<string, AttributeValue> EmptyAttributes =
        new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
}
