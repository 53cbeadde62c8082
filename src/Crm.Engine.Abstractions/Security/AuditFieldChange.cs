namespace Crm.Engine.Security;

/// <summary>One changed field of an audited write.</summary>
/// <param name="Field">The field's path in lower camel case, such as <c>demographics.incomeBand</c> or <c>attributes.tier</c>.</param>
/// <param name="Before">The value before, as JSON text, or <see langword="null"/> when absent (or masked).</param>
/// <param name="After">The value after, as JSON text, or <see langword="null"/> when absent (or masked).</param>
public sealed record AuditFieldChange(string Field, string? Before, string? After)
{
    /// <summary>Gets whether the values were withheld from the reader because the field is sensitive.</summary>
    public bool Masked { get; init; }
}
