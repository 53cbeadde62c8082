namespace Crm.Engine.Sales;

/// <summary>
/// A web-form payload to capture as a lead. <see cref="FieldMap"/> maps form field names to customer fields
/// (<c>firstName</c>, <c>lastName</c>, <c>email</c>, <c>phone</c>, <c>company</c>, or <c>attributes.&lt;name&gt;</c>);
/// unmapped form fields are ignored. The lead is deduplicated by email.
/// </summary>
/// <param name="FormId">The form's identifier, kept as source attribution.</param>
/// <param name="Fields">The submitted fields.</param>
/// <param name="FieldMap">Form field name to customer field.</param>
public sealed record WebFormSubmission(string FormId, IReadOnlyDictionary<string, string> Fields, IReadOnlyDictionary<string, string> FieldMap)
{
    /// <summary>Gets the campaign the submission is attributed to (from a tracking parameter), or <see langword="null"/>.</summary>
    public Guid? CampaignId { get; init; }

    /// <summary>Gets the channel; <c>web</c> by default.</summary>
    public string Channel { get; init; } = "web";
}
