namespace Crm.Engine.Campaigns;

/// <summary>One arm of an A/B test: a share of the audience and, optionally, a template of its own.</summary>
/// <param name="Name">The variant's name, unique in the campaign (1 to 50 characters), such as <c>A</c>.</param>
/// <param name="SplitPercent">The share of the audience in percent (1 to 100); the variants of a campaign add up to 100.</param>
public sealed record CampaignVariant(string Name, int SplitPercent)
{
    /// <summary>Gets the template this variant renders instead of the campaign's, if any.</summary>
    public string? TemplateId { get; init; }
}
