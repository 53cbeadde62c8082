using Crm.Engine.Feedback;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

/// <summary>
/// Checks that a storage provider keeps surveys, invitations and responses: every field round-trips; an invitation is
/// answered once; NPS and CSAT counts are aggregated per segment, agent, day, ISO week and month against hand-computed
/// figures, with the period's bounds and filters applied; empty periods have no rows; tenants are isolated.
/// </summary>
/// <remarks>
/// <para>Enroll a provider with one line:</para>
/// <code>public sealed class SqliteFeedbackConformance(SqliteFixture fixture) : FeedbackStorageConformanceTests&lt;SqliteFixture&gt;(fixture);</code>
/// </remarks>
/// <typeparam name="TFixture">The fixture that creates the provider.</typeparam>
public abstract class FeedbackStorageConformanceTests<TFixture> : StorageConformanceTests<TFixture>
    where TFixture : class, IStorageProviderFixture
{
    private static readonly CancellationToken None = CancellationToken.None;

    // A Wednesday; the ISO week starts on Monday 2031-01-13.
    private static readonly DateTimeOffset Day0 = new(2031, 1, 15, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Initializes the tests with the shared fixture.</summary>
    /// <param name="fixture">The fixture xunit created for the test class.</param>
    protected FeedbackStorageConformanceTests(TFixture fixture)
        : base(fixture)
    {
    }

    /// <inheritdoc />
    protected override string TenantPrefix => "feedback";

    /// <summary>Checks that surveys, invitations and responses round-trip every field and are not seen by another tenant.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task SurveyInvitationResponse_RoundTripEveryField_AndIsolateTenants()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        var other = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        await using (other.ConfigureAwait(false))
        {
            var survey = new Survey
            {
                Id = Guid.NewGuid(),
                Name = "After support",
                CreatedAt = Day0.AddTicks(5),
                Questions =
                [
                    new SurveyQuestion { Id = "nps", Text = "Recommend us?", Type = SurveyQuestionType.Nps, Required = true },
                    new SurveyQuestion { Id = "pick", Text = "Which?", Type = SurveyQuestionType.MultipleChoice, Options = ["a", "b \"quoted\""] },
                    new SurveyQuestion { Id = "rate", Text = "Rate", Type = SurveyQuestionType.Rating, Min = 0, Max = 7 },
                ],
            };
            var stored = await session.Feedback.InsertSurveyAsync(survey, None).ConfigureAwait(false);
            var read = await session.Feedback.GetSurveyAsync(survey.Id, None).ConfigureAwait(false);
            Assert.NotNull(read);
            Assert.Equal(stored with { Questions = [] }, read with { Questions = [] });
            Assert.Equal(survey.Questions.Select(q => (q.Id, q.Type, q.Required, q.Min, q.Max, string.Join("|", q.Options))), read.Questions.Select(q => (q.Id, q.Type, q.Required, q.Min, q.Max, string.Join("|", q.Options))));
            Assert.Null(await other.Feedback.GetSurveyAsync(survey.Id, None).ConfigureAwait(false));

            var invitation = new SurveyInvitation
            {
                Id = Guid.NewGuid(), SurveyId = survey.Id, CustomerId = Guid.NewGuid(), CaseId = Guid.NewGuid(), CampaignId = Guid.NewGuid(),
                AgentId = "agent-1", Segment = "vip", Channel = "email", MessageId = Guid.NewGuid(), SentAt = Day0, ExpiresAt = Day0.AddDays(14),
            };
            Assert.Equal(invitation with { TenantId = tenant }, await session.Feedback.InsertInvitationAsync(invitation, None).ConfigureAwait(false));
            Assert.Equal(invitation with { TenantId = tenant }, await session.Feedback.GetInvitationAsync(invitation.Id, None).ConfigureAwait(false));
            Assert.Null(await other.Feedback.GetInvitationAsync(invitation.Id, None).ConfigureAwait(false));

            var response = Response(invitation.CustomerId, Day0.AddHours(1), nps: 9, csat: 4) with
            {
                SurveyId = survey.Id, InvitationId = invitation.Id, CaseId = invitation.CaseId, CampaignId = invitation.CampaignId, AgentId = "agent-1", Segment = "vip",
                Answers = [new SurveyAnswer("nps") { Score = 9 }, new SurveyAnswer("pick") { Choices = ["a"] }, new SurveyAnswer("why") { Text = "Zoë's \"fast\" reply" }],
            };
            await session.Feedback.InsertResponseAsync(response, None).ConfigureAwait(false);
            var listed = Assert.Single((await session.Feedback.ListResponsesAsync(invitation.CustomerId, PageRequest.First, None).ConfigureAwait(false)).Items);
            Assert.Equal(response with { TenantId = tenant, Answers = [] }, listed with { Answers = [] });
            Assert.Equal(["nps:9::", "pick::a:", "why:::Zoë's \"fast\" reply"], listed.Answers.Select(a => $"{a.QuestionId}:{a.Score}:{string.Join(",", a.Choices)}:{a.Text}"));
            Assert.Empty((await other.Feedback.ListResponsesAsync(invitation.CustomerId, PageRequest.First, None).ConfigureAwait(false)).Items);
        }
    }

    /// <summary>Checks that a second response to one invitation is a duplicate and the first is kept.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task InsertResponse_SecondForOneInvitation_IsADuplicate()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var customer = Guid.NewGuid();
            var invitation = Guid.NewGuid();
            await session.Feedback.InsertResponseAsync(Response(customer, Day0, nps: 10) with { InvitationId = invitation }, None).ConfigureAwait(false);
            await Assert.ThrowsAsync<CrmDuplicateException>(() => session.Feedback.InsertResponseAsync(Response(customer, Day0, nps: 0) with { InvitationId = invitation }, None)).ConfigureAwait(false);
            await session.Feedback.InsertResponseAsync(Response(customer, Day0, nps: 3), None).ConfigureAwait(false); // no invitation: not limited
            var counts = Assert.Single(await session.Feedback.CountAsync(new FeedbackQuery { From = Day0, Until = Day0.AddDays(1) }, None).ConfigureAwait(false));
            Assert.Equal((2L, 1L, 1L), (counts.NpsResponses, counts.Promoters, counts.Detractors));
        }
    }

    /// <summary>Checks the counts per segment and per agent, the period's bounds and the filters, against hand-computed figures.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Count_BySegmentAndAgent_MatchesHandComputedFigures()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var c = Guid.NewGuid();
            var campaign = Guid.NewGuid();
            // vip: NPS 10, 9, 7, 3 and CSAT 5, 2; regular: NPS 6, 8 and CSAT 4, 4, 1; no segment: NPS 9 only.
            await InsertAllAsync(session,
                Response(c, Day0, nps: 10, csat: 5) with { Segment = "vip", AgentId = "ann" },
                Response(c, Day0.AddHours(1), nps: 9) with { Segment = "vip", AgentId = "bob" },
                Response(c, Day0.AddHours(2), nps: 7, csat: 2) with { Segment = "vip", AgentId = "ann", CampaignId = campaign },
                Response(c, Day0.AddHours(3), nps: 3) with { Segment = "vip", AgentId = "bob" },
                Response(c, Day0.AddHours(4), nps: 6, csat: 4) with { Segment = "regular", AgentId = "ann" },
                Response(c, Day0.AddHours(5), nps: 8, csat: 4) with { Segment = "regular" },
                Response(c, Day0.AddHours(6), csat: 1) with { Segment = "regular", AgentId = "bob" },
                Response(c, Day0.AddHours(7), nps: 9),
                Response(c, Day0.AddDays(1), nps: 0, csat: 1) with { Segment = "vip" }).ConfigureAwait(false); // outside [Day0, Day0 + 1d)

            var period = new FeedbackQuery { From = Day0, Until = Day0.AddDays(1), GroupBy = FeedbackGrouping.Segment };
            var bySegment = await session.Feedback.CountAsync(period, None).ConfigureAwait(false);
            Assert.Equal(
                [
                    new FeedbackCounts(null, 1, 1, 0, 0, 0, 0),
                    new FeedbackCounts("regular", 2, 0, 1, 1, 3, 2),
                    new FeedbackCounts("vip", 4, 2, 1, 1, 2, 1),
                ],
                bySegment);

            var byAgent = await session.Feedback.CountAsync(period with { GroupBy = FeedbackGrouping.Agent }, None).ConfigureAwait(false);
            Assert.Equal(
                [
                    new FeedbackCounts(null, 2, 1, 1, 0, 1, 1),
                    new FeedbackCounts("ann", 3, 1, 1, 1, 3, 2),
                    new FeedbackCounts("bob", 2, 1, 0, 1, 1, 0),
                ],
                byAgent);

            var oneAgent = Assert.Single(await session.Feedback.CountAsync(period with { GroupBy = FeedbackGrouping.None, AgentId = "bob" }, None).ConfigureAwait(false));
            Assert.Equal(new FeedbackCounts(null, 2, 1, 0, 1, 1, 0), oneAgent);
            var oneCampaign = Assert.Single(await session.Feedback.CountAsync(period with { GroupBy = FeedbackGrouping.None, CampaignId = campaign }, None).ConfigureAwait(false));
            Assert.Equal(new FeedbackCounts(null, 1, 0, 1, 0, 1, 0), oneCampaign);
            Assert.Empty(await session.Feedback.CountAsync(period with { From = Day0.AddDays(2), Until = Day0.AddDays(3) }, None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks grouping by UTC day, ISO week (Monday) and month, with an empty day absent.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Count_ByDayWeekAndMonth_KeysArePeriodStarts()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var c = Guid.NewGuid();
            // Wed 15 Jan: 10, 2; Thu 16 Jan: none; Sun 19 Jan 23:59: 9; Mon 20 Jan: 8; Sat 1 Feb: 0.
            await InsertAllAsync(session,
                Response(c, Day0.AddHours(9), nps: 10),
                Response(c, Day0.AddHours(23), nps: 2),
                Response(c, Day0.AddDays(5).AddMinutes(-1), nps: 9),
                Response(c, Day0.AddDays(5), nps: 8),
                Response(c, new DateTimeOffset(2031, 2, 1, 12, 0, 0, TimeSpan.Zero), nps: 0)).ConfigureAwait(false);
            var query = new FeedbackQuery { From = Day0, Until = Day0.AddMonths(1) };

            var days = await session.Feedback.CountAsync(query with { GroupBy = FeedbackGrouping.Day }, None).ConfigureAwait(false);
            Assert.Equal(["2031-01-15:2", "2031-01-19:1", "2031-01-20:1", "2031-02-01:1"], days.Select(d => $"{d.Key}:{d.NpsResponses}"));
            var weeks = await session.Feedback.CountAsync(query with { GroupBy = FeedbackGrouping.Week }, None).ConfigureAwait(false);
            Assert.Equal(["2031-01-13:3", "2031-01-20:1", "2031-01-27:1"], weeks.Select(d => $"{d.Key}:{d.NpsResponses}"));
            var months = await session.Feedback.CountAsync(query with { GroupBy = FeedbackGrouping.Month }, None).ConfigureAwait(false);
            Assert.Equal(["2031-01-01:4", "2031-02-01:1"], months.Select(d => $"{d.Key}:{d.NpsResponses}"));
        }
    }

    /// <summary>Creates a response with the given scores.</summary>
    /// <param name="customer">The customer.</param>
    /// <param name="receivedAt">When it was received.</param>
    /// <param name="nps">The NPS answer.</param>
    /// <param name="csat">The CSAT answer.</param>
    /// <returns>The response.</returns>
    protected static SurveyResponse Response(Guid customer, DateTimeOffset receivedAt, int? nps = null, int? csat = null) => new()
    {
        Id = Guid.NewGuid(),
        SurveyId = Guid.Empty,
        CustomerId = customer,
        NpsScore = nps,
        CsatScore = csat,
        ReceivedAt = receivedAt,
    };

    private static async Task InsertAllAsync(IStorageSession session, params SurveyResponse[] responses)
    {
        foreach (var response in responses)
        {
            await session.Feedback.InsertResponseAsync(response, None).ConfigureAwait(false);
        }
    }
}
