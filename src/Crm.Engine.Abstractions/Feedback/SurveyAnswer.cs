namespace Crm.Engine.Feedback;

/// <summary>The answer to one question.</summary>
/// <param name="QuestionId">The question's id.</param>
public sealed record SurveyAnswer(string QuestionId)
{
    /// <summary>Gets the score of NPS, CSAT, rating and yes/no (1 or 0) questions.</summary>
    public int? Score { get; init; }

    /// <summary>Gets the text of a text question.</summary>
    public string? Text { get; init; }

    /// <summary>Gets the chosen options of choice questions.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];
}
