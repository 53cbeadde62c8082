namespace Crm.Engine.Feedback;

/// <summary>One question of a survey.</summary>
public sealed record SurveyQuestion
{
    /// <summary>Gets the question's id, unique in the survey (<c>nps</c>, <c>why</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Gets the text shown to the customer.</summary>
    public required string Text { get; init; }

    /// <summary>Gets the kind of answer expected.</summary>
    public required SurveyQuestionType Type { get; init; }

    /// <summary>Gets whether a response must answer it.</summary>
    public bool Required { get; init; }

    /// <summary>Gets the choices of choice questions.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>Gets the lowest score of a <see cref="SurveyQuestionType.Rating"/> question.</summary>
    public int Min { get; init; } = 1;

    /// <summary>Gets the highest score of a <see cref="SurveyQuestionType.Rating"/> question.</summary>
    public int Max { get; init; } = 5;
}
