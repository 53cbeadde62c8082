using Crm.Engine.Feedback;
using Crm.Engine.Tests.Messaging;

namespace Crm.Engine.Tests.Feedback;

public sealed class SurveyInvitationTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [Fact]
    public async Task Invite_SendsASignedLinkThroughTheOutbox_AndTheResponseIsRecordedAgainstCaseCampaignAndAgent()
    {
        await using var host = await MessagingHost.CreateAsync(builder: b => b.ConfigureFeedback(o => { o.SigningKey = Key; o.ResponseUrl = "https://acme.example/survey?t={token}"; }));
        var sent = new List<SurveySent>();
        var received = new List<FeedbackReceived>();
        var bus = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Crm.Engine.Events.ICrmEventBus>(host.Engine.Provider);
        using var s1 = bus.Subscribe<SurveySent>((e, _) => { sent.Add(e); return Task.CompletedTask; });
        using var s2 = bus.Subscribe<FeedbackReceived>((e, _) => { received.Add(e); return Task.CompletedTask; });
        var survey = await host.Crm.Feedback.DefineSurveyAsync(FeedbackScoreTests.Survey());
        var ada = await host.CustomerAsync();
        var caseId = Guid.NewGuid();
        var campaignId = Guid.NewGuid();

        var invitation = await host.Crm.Feedback.InviteAsync(new SurveyInvitationRequest
        {
            SurveyId = survey.Id, CustomerId = ada.Id, CaseId = caseId, CampaignId = campaignId, AgentId = "agent-7", Segment = "vip", Channel = "email",
        });
        await host.DeliverDueAsync();

        var delivered = Assert.Single(host.Adapter.Accepted);
        Assert.Contains(invitation.Link!, delivered.TextBody, StringComparison.Ordinal);
        Assert.StartsWith("https://acme.example/survey?t=", invitation.Link, StringComparison.Ordinal);
        Assert.Equal(invitation.Invitation.MessageId, (await host.MessageAsync(invitation.Invitation.MessageId!.Value)).Id);
        Assert.Equal(invitation.Invitation, Assert.Single(sent).Invitation);

        var response = await host.Crm.Feedback.RespondAsync(invitation.Token, [new SurveyAnswer("nps") { Score = 9 }, new SurveyAnswer("why") { Text = "Quick" }]);

        Assert.Equal((ada.Id, caseId, campaignId, "agent-7", "vip", 9, (int?)null), (response.CustomerId, response.CaseId, response.CampaignId, response.AgentId, response.Segment, response.NpsScore, response.CsatScore));
        Assert.Equal(response, Assert.Single(received).Response);
        var listed = Assert.Single((await host.Crm.Feedback.ListResponsesAsync(ada.Id)).Items);
        Assert.Equal(response with { Answers = [] }, listed with { Answers = [] });
        Assert.Equal(["nps:9:", "why::Quick"], listed.Answers.Select(a => $"{a.QuestionId}:{a.Score}:{a.Text}"));
        await Assert.ThrowsAsync<CrmDuplicateException>(() => host.Crm.Feedback.RespondAsync(invitation.Token, [new SurveyAnswer("nps") { Score = 0 }]));
    }

    [Fact]
    public async Task Respond_RefusesForgedForeignAndExpiredTokens()
    {
        await using var host = await MessagingHost.CreateAsync(builder: b => b.ConfigureFeedback(o => o.SigningKey = Key));
        var survey = await host.Crm.Feedback.DefineSurveyAsync(FeedbackScoreTests.Survey());
        var ada = await host.CustomerAsync();
        var linked = await host.Crm.Feedback.InviteAsync(new SurveyInvitationRequest { SurveyId = survey.Id, CustomerId = ada.Id, ValidFor = TimeSpan.FromDays(1) });
        Assert.Null(linked.Invitation.Channel);
        Assert.Null(linked.Link);
        SurveyAnswer[] answers = [new SurveyAnswer("nps") { Score = 10 }];

        var forged = linked.Token[..^2] + (linked.Token[^2] == 'A' ? "BA" : "AA");
        Assert.Equal("signature", Assert.Single((await Assert.ThrowsAsync<CrmValidationException>(() => host.Crm.Feedback.RespondAsync(forged, answers))).Errors).Rule);
        Assert.Equal("signature", Assert.Single((await Assert.ThrowsAsync<CrmValidationException>(() => host.Crm.Feedback.RespondAsync("not-a-token", answers))).Errors).Rule);
        var otherTenant = host.Engine.Tenant("another-tenant");
        await Assert.ThrowsAsync<CrmValidationException>(() => otherTenant.Feedback.RespondAsync(linked.Token, answers));

        host.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal("expired", Assert.Single((await Assert.ThrowsAsync<CrmValidationException>(() => host.Crm.Feedback.RespondAsync(linked.Token, answers))).Errors).Rule);
        Assert.Empty((await host.Crm.Feedback.ListResponsesAsync(ada.Id)).Items);
    }

    [Fact]
    public async Task Invite_WithoutASigningKey_FailsNamingTheOption()
    {
        await using var host = await MessagingHost.CreateAsync();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Crm.Feedback.InviteAsync(new SurveyInvitationRequest { SurveyId = Guid.NewGuid(), CustomerId = Guid.NewGuid() }));
        Assert.Contains("SigningKey", error.Message, StringComparison.Ordinal);
    }
}
