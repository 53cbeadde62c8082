using System.Globalization;
using Crm.Engine.Channels;
using Crm.Engine.Security;
using Crm.Engine.Storage;

namespace Crm.Engine.Feedback;

/// <summary>Implements <see cref="IFeedbackService"/> for one caller.</summary>
internal sealed class FeedbackService(CrmEngine engine, CrmCaller caller, ICrmContext context, FeedbackOptions options) : IFeedbackService
{
    private const int MinKeyBytes = 32;

    public async Task<Survey> DefineSurveyAsync(Survey survey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(survey);
        engine.Access.Demand(caller, CrmPermissions.FeedbackWrite);
        TenantGuard.Check(caller, survey.TenantId);
        var errors = new List<ValidationError>();
        SurveyValidation.CheckSurvey(survey, errors);
        ThrowIfAny(errors);
        var now = engine.Time.GetUtcNow();
        var prepared = survey with { Id = survey.Id == Guid.Empty ? Guid.CreateVersion7(now) : survey.Id, TenantId = caller.TenantId, CreatedAt = now };
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Feedback.InsertSurveyAsync(prepared, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<Survey?> GetSurveyAsync(Guid id, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.FeedbackRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Feedback.GetSurveyAsync(id, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<SentSurveyInvitation> InviteAsync(SurveyInvitationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        engine.Access.Demand(caller, CrmPermissions.FeedbackWrite);
        var key = SigningKey();
        if (request.Channel is not null && options.ResponseUrl is null)
        {
            throw new CrmValidationException("request.channel", "Sending a survey needs FeedbackOptions.ResponseUrl (ConfigureFeedback) to build the response link.", "required");
        }

        if (request.ValidFor is { } validFor && validFor <= TimeSpan.Zero)
        {
            throw new CrmValidationException("request.validFor", $"A link must be valid for a positive time; it is {validFor}.", "range");
        }

        var now = engine.Time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var token = SurveyTokens.Create(key, caller.TenantId, id);
        var link = options.ResponseUrl?.Replace("{token}", Uri.EscapeDataString(token), StringComparison.Ordinal);
        SurveyInvitation? stored = null;

        // The invitation and its message commit together: a survey is never recorded as sent without its message.
        await context.TransactAsync(
            async ct =>
            {
                var session = await engine.OpenSessionAsync(caller, ct).ConfigureAwait(false);
                await using (session.ConfigureAwait(false))
                {
                    var survey = await session.Feedback.GetSurveyAsync(request.SurveyId, ct).ConfigureAwait(false)
                        ?? throw new CrmNotFoundException(nameof(Survey), request.SurveyId);
                    _ = await session.Customers.GetAsync(request.CustomerId, ct).ConfigureAwait(false)
                        ?? throw new CrmNotFoundException(nameof(Customer), request.CustomerId);
                    Guid? messageId = null;
                    if (request.Channel is { } channel)
                    {
                        var message = await context.Messages.EnqueueAsync(
                            new MessageRequest
                            {
                                Channel = channel,
                                CustomerId = request.CustomerId,
                                TemplateId = request.TemplateId,
                                Data = new Dictionary<string, object?>(StringComparer.Ordinal)
                                {
                                    ["survey"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = survey.Name, ["link"] = link },
                                },
                                Subject = request.TemplateId is null ? survey.Name : null,
                                TextBody = request.TemplateId is null ? $"We would love your feedback: {link}" : null,
                                IdempotencyKey = "survey:" + id.ToString("N", CultureInfo.InvariantCulture),
                                CaseId = request.CaseId,
                                CampaignId = request.CampaignId,
                            },
                            ct).ConfigureAwait(false);
                        messageId = message.Id;
                    }

                    stored = await session.Feedback.InsertInvitationAsync(
                        new SurveyInvitation
                        {
                            Id = id,
                            SurveyId = survey.Id,
                            CustomerId = request.CustomerId,
                            CaseId = request.CaseId,
                            CampaignId = request.CampaignId,
                            AgentId = request.AgentId,
                            Segment = request.Segment,
                            Channel = request.Channel,
                            MessageId = messageId,
                            SentAt = now,
                            ExpiresAt = now + (request.ValidFor ?? options.DefaultValidity),
                        },
                        ct).ConfigureAwait(false);
                    await engine.Events.PublishAsync(new SurveySent(stored) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now, Actor = caller.UserId }, ct).ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);
        return new SentSurveyInvitation(stored!, token, link);
    }

    public async Task<SurveyResponse> RespondAsync(string token, IReadOnlyList<SurveyAnswer> answers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(answers);
        engine.Access.Demand(caller, CrmPermissions.FeedbackWrite);
        var invitationId = SurveyTokens.Verify(SigningKey(), caller.TenantId, token)
            ?? throw new CrmValidationException("token", "The token is not a survey response token of this tenant, or its signature does not match.", "signature");
        var now = engine.Time.GetUtcNow();
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        SurveyResponse stored;
        await using (session.ConfigureAwait(false))
        {
            var invitation = await session.Feedback.GetInvitationAsync(invitationId, cancellationToken).ConfigureAwait(false)
                ?? throw new CrmNotFoundException(nameof(SurveyInvitation), invitationId);
            if (now >= invitation.ExpiresAt)
            {
                throw new CrmValidationException("token", $"The survey link expired at {invitation.ExpiresAt:O}.", "expired");
            }

            var survey = await session.Feedback.GetSurveyAsync(invitation.SurveyId, cancellationToken).ConfigureAwait(false)
                ?? throw new CrmNotFoundException(nameof(Survey), invitation.SurveyId);
            var errors = new List<ValidationError>();
            var (nps, csat) = SurveyValidation.CheckAnswers(survey, answers, errors);
            ThrowIfAny(errors);
            stored = await session.Feedback.InsertResponseAsync(
                new SurveyResponse
                {
                    Id = Guid.CreateVersion7(now),
                    SurveyId = survey.Id,
                    InvitationId = invitation.Id,
                    CustomerId = invitation.CustomerId,
                    CaseId = invitation.CaseId,
                    CampaignId = invitation.CampaignId,
                    AgentId = invitation.AgentId,
                    Segment = invitation.Segment,
                    NpsScore = nps,
                    CsatScore = csat,
                    Answers = answers,
                    ReceivedAt = now,
                },
                cancellationToken).ConfigureAwait(false);
        }

        await PublishReceivedAsync(stored, now, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<SurveyResponse> RecordAsync(SurveyResponse response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        engine.Access.Demand(caller, CrmPermissions.FeedbackWrite);
        TenantGuard.Check(caller, response.TenantId);
        var now = engine.Time.GetUtcNow();
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        SurveyResponse stored;
        await using (session.ConfigureAwait(false))
        {
            var survey = await session.Feedback.GetSurveyAsync(response.SurveyId, cancellationToken).ConfigureAwait(false)
                ?? throw new CrmNotFoundException(nameof(Survey), response.SurveyId);
            _ = await session.Customers.GetAsync(response.CustomerId, cancellationToken).ConfigureAwait(false)
                ?? throw new CrmNotFoundException(nameof(Customer), response.CustomerId);
            var errors = new List<ValidationError>();
            var (nps, csat) = SurveyValidation.CheckAnswers(survey, response.Answers ?? [], errors);
            ThrowIfAny(errors);
            stored = await session.Feedback.InsertResponseAsync(
                response with
                {
                    Id = response.Id == Guid.Empty ? Guid.CreateVersion7(now) : response.Id,
                    TenantId = caller.TenantId,
                    NpsScore = nps,
                    CsatScore = csat,
                    Answers = response.Answers ?? [],
                    AgentId = response.AgentId ?? caller.UserId,
                    ReceivedAt = response.ReceivedAt == default ? now : response.ReceivedAt,
                },
                cancellationToken).ConfigureAwait(false);
        }

        await PublishReceivedAsync(stored, now, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<Page<SurveyResponse>> ListResponsesAsync(Guid customerId, PageRequest? page = null, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.FeedbackRead);
        var request = PageRequests.Resolve(engine.Options, page);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Feedback.ListResponsesAsync(customerId, request, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<FeedbackScore>> GetScoresAsync(FeedbackQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        engine.Access.Demand(caller, CrmPermissions.FeedbackRead);
        if (query.Until <= query.From)
        {
            throw new CrmValidationException("query.until", $"The period must end ({query.Until:O}) after it starts ({query.From:O}).", "range");
        }

        if (query.GroupBy is FeedbackGrouping.Day or FeedbackGrouping.Week && query.Until - query.From > TimeSpan.FromDays(3660))
        {
            throw new CrmValidationException("query.until", "Daily and weekly scores cover at most ten years.", "range");
        }

        IReadOnlyList<FeedbackCounts> counts;
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            counts = await session.Feedback.CountAsync(query, cancellationToken).ConfigureAwait(false);
        }

        return FeedbackPeriods.Complete(query, counts);
    }

    private async Task PublishReceivedAsync(SurveyResponse stored, DateTimeOffset now, CancellationToken cancellationToken) =>
        await engine.Events.PublishAsync(new FeedbackReceived(stored) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now, Actor = caller.UserId }, cancellationToken).ConfigureAwait(false);

    private byte[] SigningKey() => options.SigningKey is { Length: >= MinKeyBytes } key
        ? key
        : throw new InvalidOperationException($"Survey links need FeedbackOptions.SigningKey of at least {MinKeyBytes} bytes; set it with ConfigureFeedback(o => o.SigningKey = ...) from configuration.");

    private static void ThrowIfAny(List<ValidationError> errors)
    {
        if (errors.Count > 0)
        {
            throw new CrmValidationException(errors);
        }
    }
}
