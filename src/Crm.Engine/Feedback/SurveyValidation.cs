using System.Globalization;

namespace Crm.Engine.Feedback;

/// <summary>Checks surveys and answers, collecting every problem with its path.</summary>
internal static class SurveyValidation
{
    public static void CheckSurvey(Survey survey, List<ValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(survey.Name))
        {
            errors.Add(new ValidationError("survey.name", "A survey needs a name.") { Rule = "required" });
        }

        if (survey.Questions is not { Count: > 0 })
        {
            errors.Add(new ValidationError("survey.questions", "A survey needs at least one question.") { Rule = "required" });
            return;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < survey.Questions.Count; i++)
        {
            var q = survey.Questions[i];
            var path = string.Create(CultureInfo.InvariantCulture, $"survey.questions[{i}]");
            if (string.IsNullOrWhiteSpace(q.Id) || !ids.Add(q.Id))
            {
                errors.Add(new ValidationError(path + ".id", $"Question ids must be present and unique; '{q.Id}' is not.") { Rule = "unique" });
            }

            if (string.IsNullOrWhiteSpace(q.Text))
            {
                errors.Add(new ValidationError(path + ".text", "A question needs a text.") { Rule = "required" });
            }

            if (q.Type is SurveyQuestionType.SingleChoice or SurveyQuestionType.MultipleChoice && q.Options.Count < 2)
            {
                errors.Add(new ValidationError(path + ".options", "A choice question needs at least two options.") { Rule = "minItems" });
            }

            if (q.Type == SurveyQuestionType.Rating && q.Min >= q.Max)
            {
                errors.Add(new ValidationError(path + ".max", $"A rating's max ({q.Max}) must be above its min ({q.Min}).") { Rule = "range" });
            }
        }

        foreach (var type in new[] { SurveyQuestionType.Nps, SurveyQuestionType.Csat })
        {
            if (survey.Questions.Count(q => q.Type == type) > 1)
            {
                errors.Add(new ValidationError("survey.questions", $"A survey has at most one {type} question, so its score is unambiguous.") { Rule = "maxItems" });
            }
        }
    }

    /// <summary>Checks answers against the survey and returns the NPS and CSAT scores they carry.</summary>
    public static (int? Nps, int? Csat) CheckAnswers(Survey survey, IReadOnlyList<SurveyAnswer> answers, List<ValidationError> errors)
    {
        int? nps = null;
        int? csat = null;
        var answered = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < answers.Count; i++)
        {
            var a = answers[i];
            var path = string.Create(CultureInfo.InvariantCulture, $"answers[{i}]");
            var q = survey.Questions.FirstOrDefault(q => string.Equals(q.Id, a.QuestionId, StringComparison.Ordinal));
            if (q is null)
            {
                errors.Add(new ValidationError(path + ".questionId", $"Survey '{survey.Name}' has no question '{a.QuestionId}'.") { Rule = "enum" });
                continue;
            }

            if (!answered.Add(q.Id))
            {
                errors.Add(new ValidationError(path + ".questionId", $"Question '{q.Id}' is answered twice.") { Rule = "unique" });
                continue;
            }

            var (min, max) = q.Type switch
            {
                SurveyQuestionType.Nps => (0, 10),
                SurveyQuestionType.Csat => (1, 5),
                SurveyQuestionType.Rating => (q.Min, q.Max),
                SurveyQuestionType.YesNo => (0, 1),
                _ => (0, -1),
            };
            if (max >= min)
            {
                if (a.Score is not { } score || score < min || score > max)
                {
                    errors.Add(new ValidationError(path + ".score", $"Question '{q.Id}' needs a score from {min} to {max}; it has {a.Score?.ToString(CultureInfo.InvariantCulture) ?? "none"}.") { Rule = "range" });
                    continue;
                }

                nps = q.Type == SurveyQuestionType.Nps ? score : nps;
                csat = q.Type == SurveyQuestionType.Csat ? score : csat;
            }
            else if (q.Type is SurveyQuestionType.SingleChoice or SurveyQuestionType.MultipleChoice)
            {
                var unknown = a.Choices.FirstOrDefault(c => !q.Options.Contains(c, StringComparer.Ordinal));
                if (unknown is not null || a.Choices.Count == 0 || (q.Type == SurveyQuestionType.SingleChoice && a.Choices.Count != 1))
                {
                    errors.Add(new ValidationError(path + ".choices", $"Question '{q.Id}' takes {(q.Type == SurveyQuestionType.SingleChoice ? "one" : "one or more")} of: {string.Join(", ", q.Options)}.") { Rule = "enum" });
                }
            }
            else if (a.Text is { Length: > 4000 })
            {
                errors.Add(new ValidationError(path + ".text", "An answer's text is at most 4000 characters.") { Rule = "maxLength" });
            }
        }

        foreach (var q in survey.Questions.Where(q => q.Required && !answered.Contains(q.Id)))
        {
            errors.Add(new ValidationError("answers", $"Question '{q.Id}' is required.") { Rule = "required" });
        }

        return (nps, csat);
    }
}
