using Crm.Engine.Feedback;

namespace Crm.Engine.Tests.Feedback;

public sealed class FeedbackScoreTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero); // a Monday

    [Fact]
    public async Task Scores_BySegmentAgentAndDay_MatchHandComputedFigures_WithEmptyPeriods()
    {
        await using var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant();
        var survey = await crm.Feedback.DefineSurveyAsync(Survey());
        var customer = await crm.Customers.CreateAsync(new Customer { FirstName = "Ada", LastName = "Lovelace" });
        async Task RecordAsync(DateTimeOffset at, string segment, string agent, int nps, int? csat)
        {
            SurveyAnswer[] answers = csat is { } c
                ? [new SurveyAnswer("nps") { Score = nps }, new SurveyAnswer("csat") { Score = c }]
                : [new SurveyAnswer("nps") { Score = nps }];
            await crm.Feedback.RecordAsync(new SurveyResponse { Id = Guid.Empty, SurveyId = survey.Id, CustomerId = customer.Id, Segment = segment, AgentId = agent, Answers = answers, ReceivedAt = at });
        }

        await RecordAsync(Day0.AddHours(9), "vip", "ann", 10, 5);
        await RecordAsync(Day0.AddHours(10), "vip", "bob", 6, 3);
        await RecordAsync(Day0.AddDays(2).AddHours(9), "regular", "ann", 9, 4);
        await RecordAsync(Day0.AddDays(2).AddHours(10), "regular", "ann", 8, null);
        await RecordAsync(Day0.AddDays(2).AddHours(11), "vip", "bob", 7, 1);
        var period = new FeedbackQuery { From = Day0, Until = Day0.AddDays(3) };

        // NPS 10, 6, 9, 8, 7: 2 promoters, 1 detractor of 5 -> (2 - 1) / 5 = 20 %; CSAT 5, 3, 4, 1: 2 of 4 -> 50 %.
        var overall = Assert.Single(await crm.Feedback.GetScoresAsync(period));
        Assert.Equal((20.00m, 50.00m), (overall.Nps, overall.Csat));

        // regular: NPS 9, 8 -> (1 - 0) / 2 = 50; CSAT 4 -> 100. vip: NPS 10, 6, 7 -> (1 - 1) / 3 = 0; CSAT 5, 3, 1 -> 1 / 3 = 33.33.
        var bySegment = await crm.Feedback.GetScoresAsync(period with { GroupBy = FeedbackGrouping.Segment });
        Assert.Equal([("regular", 50.00m, 100.00m), ("vip", 0.00m, 33.33m)], bySegment.Select(s => (s.Key, s.Nps!.Value, s.Csat!.Value)));

        // ann: NPS 10, 9, 8 -> 2 / 3 = 66.67; CSAT 5, 4 -> 100. bob: NPS 6, 7 -> (0 - 1) / 2 = -50; CSAT 3, 1 -> 0.
        var byAgent = await crm.Feedback.GetScoresAsync(period with { GroupBy = FeedbackGrouping.Agent });
        Assert.Equal([("ann", 66.67m, 100.00m), ("bob", -50.00m, 0.00m)], byAgent.Select(s => (s.Key, s.Nps!.Value, s.Csat!.Value)));

        // 1 June: NPS 10, 6 -> 0; CSAT 5, 3 -> 50. 2 June: nothing. 3 June: NPS 9, 8, 7 -> 1 / 3 = 33.33; CSAT 4, 1 -> 50.
        var byDay = await crm.Feedback.GetScoresAsync(period with { GroupBy = FeedbackGrouping.Day });
        Assert.Equal(["2026-06-01", "2026-06-02", "2026-06-03"], byDay.Select(d => d.Key));
        Assert.Equal([0.00m, null, 33.33m], byDay.Select(d => d.Nps));
        Assert.Equal([50.00m, null, 50.00m], byDay.Select(d => d.Csat));
        Assert.Equal(0, byDay[1].Counts.NpsResponses);

        var week = Assert.Single(await crm.Feedback.GetScoresAsync(period with { GroupBy = FeedbackGrouping.Week }));
        Assert.Equal(("2026-06-01", 20.00m), (week.Key, week.Nps!.Value));
    }

    [Fact]
    public async Task Scores_OfAnEmptyPeriod_AreNull_AndEveryPeriodIsListed()
    {
        await using var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant();
        var query = new FeedbackQuery { From = Day0.AddDays(10), Until = Day0.AddDays(12) };

        var overall = Assert.Single(await crm.Feedback.GetScoresAsync(query));
        Assert.Null(overall.Nps);
        Assert.Null(overall.Csat);
        var byDay = await crm.Feedback.GetScoresAsync(query with { GroupBy = FeedbackGrouping.Day });
        Assert.Equal(["2026-06-11", "2026-06-12"], byDay.Select(d => d.Key));
        Assert.All(byDay, d => Assert.Null(d.Nps));
        var byMonth = await crm.Feedback.GetScoresAsync(new FeedbackQuery { From = Day0.AddDays(-1), Until = Day0.AddMonths(2), GroupBy = FeedbackGrouping.Month });
        Assert.Equal(["2026-05-01", "2026-06-01", "2026-07-01"], byMonth.Select(d => d.Key));
        Assert.Empty(await crm.Feedback.GetScoresAsync(query with { GroupBy = FeedbackGrouping.Segment }));
        var error = await Assert.ThrowsAsync<CrmValidationException>(() => crm.Feedback.GetScoresAsync(query with { Until = query.From }));
        Assert.Equal("query.until", Assert.Single(error.Errors).Path);
    }

    [Fact]
    public async Task DefineAndRecord_RejectInvalidSurveysAndAnswers_NamingEachProblem()
    {
        await using var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant();

        var bad = await Assert.ThrowsAsync<CrmValidationException>(() => crm.Feedback.DefineSurveyAsync(new Survey
        {
            Name = "",
            Questions =
            [
                new SurveyQuestion { Id = "a", Text = "NPS", Type = SurveyQuestionType.Nps },
                new SurveyQuestion { Id = "a", Text = "NPS again", Type = SurveyQuestionType.Nps },
                new SurveyQuestion { Id = "c", Text = "Pick", Type = SurveyQuestionType.SingleChoice, Options = ["only"] },
            ],
        }));
        Assert.Equal(["survey.name", "survey.questions[1].id", "survey.questions[2].options", "survey.questions"], bad.Errors.Select(e => e.Path));

        var survey = await crm.Feedback.DefineSurveyAsync(Survey());
        var customer = await crm.Customers.CreateAsync(new Customer { FirstName = "Ada", LastName = "Lovelace" });
        var answers = await Assert.ThrowsAsync<CrmValidationException>(() => crm.Feedback.RecordAsync(new SurveyResponse
        {
            Id = Guid.Empty, SurveyId = survey.Id, CustomerId = customer.Id, ReceivedAt = Day0,
            Answers = [new SurveyAnswer("csat") { Score = 6 }, new SurveyAnswer("nope") { Score = 1 }],
        }));
        Assert.Equal(["answers[0].score", "answers[1].questionId", "answers"], answers.Errors.Select(e => e.Path));
        Assert.Empty(await crm.Feedback.GetScoresAsync(new FeedbackQuery { From = Day0.AddYears(-1), Until = Day0.AddYears(1), GroupBy = FeedbackGrouping.Agent }));
    }

    internal static Survey Survey() => new()
    {
        Name = "After support",
        Questions =
        [
            new SurveyQuestion { Id = "nps", Text = "How likely are you to recommend us?", Type = SurveyQuestionType.Nps, Required = true },
            new SurveyQuestion { Id = "csat", Text = "How satisfied are you with the answer?", Type = SurveyQuestionType.Csat },
            new SurveyQuestion { Id = "why", Text = "Why?", Type = SurveyQuestionType.Text },
        ],
    };
}
