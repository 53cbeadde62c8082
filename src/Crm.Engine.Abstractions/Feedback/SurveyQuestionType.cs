namespace Crm.Engine.Feedback;

/// <summary>The kinds of survey questions.</summary>
public enum SurveyQuestionType
{
    /// <summary>Net Promoter Score: "how likely are you to recommend us", 0 to 10. At most one per survey.</summary>
    Nps = 0,

    /// <summary>Customer satisfaction, 1 (very unsatisfied) to 5 (very satisfied). At most one per survey.</summary>
    Csat = 1,

    /// <summary>A rating between <see cref="SurveyQuestion.Min"/> and <see cref="SurveyQuestion.Max"/>.</summary>
    Rating = 2,

    /// <summary>Free text.</summary>
    Text = 3,

    /// <summary>One of <see cref="SurveyQuestion.Options"/>.</summary>
    SingleChoice = 4,

    /// <summary>Any of <see cref="SurveyQuestion.Options"/>.</summary>
    MultipleChoice = 5,

    /// <summary>Yes or no (answered as score 1 or 0).</summary>
    YesNo = 6,
}
