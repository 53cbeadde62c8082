namespace Crm.Engine.Feedback;

/// <summary>A survey: NPS, CSAT and custom questions.</summary>
public sealed record Survey
{
    /// <summary>Gets the survey's id; assigned when empty.</summary>
    public Guid Id { get; init; }

    /// <summary>Gets the tenant.</summary>
    public string TenantId { get; init; } = "";

    /// <summary>Gets the survey's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the questions, in display order.</summary>
    public required IReadOnlyList<SurveyQuestion> Questions { get; init; }

    /// <summary>Gets when the survey was defined.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
