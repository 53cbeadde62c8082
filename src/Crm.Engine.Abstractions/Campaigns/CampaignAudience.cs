namespace Crm.Engine.Campaigns;

/// <summary>
/// Who a campaign is for: the customers of a saved segment, or of an inline condition in the condition language. The
/// engine removes customers without consent for the campaign's channel and purpose, and suppressed customers and
/// addresses, before anyone is messaged.
/// </summary>
public sealed record CampaignAudience
{
    /// <summary>Gets the saved segment's name; exclusive with <see cref="ConditionJson"/>.</summary>
    public string? SegmentName { get; init; }

    /// <summary>Gets an inline customer condition (JSON, as in segments); exclusive with <see cref="SegmentName"/>.</summary>
    public string? ConditionJson { get; init; }

    /// <summary>Creates an audience from a saved segment.</summary>
    /// <param name="name">The segment's name.</param>
    /// <returns>The audience.</returns>
    public static CampaignAudience Segment(string name) => new() { SegmentName = name };

    /// <summary>Creates an audience from an inline condition.</summary>
    /// <param name="conditionJson">The condition, such as <c>{"field":"country","op":"eq","value":"NL"}</c>.</param>
    /// <returns>The audience.</returns>
    public static CampaignAudience Condition(string conditionJson) => new() { ConditionJson = conditionJson };
}
