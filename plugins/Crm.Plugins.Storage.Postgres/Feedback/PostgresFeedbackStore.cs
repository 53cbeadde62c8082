using System.Globalization;
using System.Text;
using System.Text.Json;
using Crm.Engine.Feedback;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres.Feedback;

/// <summary>
/// Stores one tenant's surveys, invitations and responses; NPS and CSAT counts are aggregated in SQL over the covering
/// index of responses by time. Inserts run in a savepoint inside the session's transaction, so a duplicate leaves it usable.
/// </summary>
internal sealed class PostgresFeedbackStore(PostgresStorageSession session) : IFeedbackStore
{
    private const string ResponseColumns =
        "id, survey_id, invitation_id, customer_id, case_id, campaign_id, agent_id, segment, nps_score, csat_score, answers, received_at, received_at_tick";

    private const string InvitationColumns =
        "id, survey_id, customer_id, case_id, campaign_id, agent_id, segment, channel, message_id, sent_at, sent_at_tick, expires_at, expires_at_tick";

    // The UTC calendar time of a response, for the day, week and month keys.
    private const string UtcReceived = "(received_at AT TIME ZONE 'UTC')";

    public async Task<Survey> InsertSurveyAsync(Survey survey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var stored = survey with { TenantId = session.TenantId };
        using var command = Command(
            "INSERT INTO surveys (tenant_id, id, name, questions, created_at, created_at_tick) VALUES (@tenant, @id, @name, @questions, @created, @created_tick);");
        command.Parameters.AddUuid("id", stored.Id);
        command.Parameters.AddText("name", stored.Name);
        command.Parameters.AddJsonb("questions", JsonSerializer.Serialize(stored.Questions, FeedbackJson.Default.IReadOnlyListSurveyQuestion));
        command.Parameters.AddInstant("created", stored.CreatedAt);
        await InsertAsync(command, nameof(Survey), stored.Id, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<Survey?> GetSurveyAsync(Guid id, CancellationToken cancellationToken)
    {
        using var command = Command("SELECT id, name, questions, created_at, created_at_tick FROM surveys WHERE tenant_id = @tenant AND id = @id;");
        command.Parameters.AddUuid("id", id);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            return new Survey
            {
                Id = reader.GetGuid(0),
                TenantId = session.TenantId,
                Name = reader.GetString(1),
                Questions = JsonSerializer.Deserialize(reader.GetString(2), FeedbackJson.Default.IReadOnlyListSurveyQuestion) ?? [],
                CreatedAt = reader.GetInstant(3, 4),
            };
        }
    }

    public async Task<SurveyInvitation> InsertInvitationAsync(SurveyInvitation invitation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        var stored = invitation with { TenantId = session.TenantId };
        using var command = Command(
            $"INSERT INTO survey_invitations (tenant_id, {InvitationColumns}) VALUES " +
            "(@tenant, @id, @survey, @customer, @case, @campaign, @agent, @segment, @channel, @message, @sent, @sent_tick, @expires, @expires_tick);");
        command.Parameters.AddUuid("id", stored.Id);
        command.Parameters.AddUuid("survey", stored.SurveyId);
        command.Parameters.AddUuid("customer", stored.CustomerId);
        command.Parameters.AddUuidOrNull("case", stored.CaseId);
        command.Parameters.AddUuidOrNull("campaign", stored.CampaignId);
        command.Parameters.AddText("agent", stored.AgentId);
        command.Parameters.AddText("segment", stored.Segment);
        command.Parameters.AddText("channel", stored.Channel);
        command.Parameters.AddUuidOrNull("message", stored.MessageId);
        command.Parameters.AddInstant("sent", stored.SentAt);
        command.Parameters.AddInstant("expires", stored.ExpiresAt);
        await InsertAsync(command, nameof(SurveyInvitation), stored.Id, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<SurveyInvitation?> GetInvitationAsync(Guid id, CancellationToken cancellationToken)
    {
        using var command = Command($"SELECT {InvitationColumns} FROM survey_invitations WHERE tenant_id = @tenant AND id = @id;");
        command.Parameters.AddUuid("id", id);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            return new SurveyInvitation
            {
                Id = reader.GetGuid(0),
                TenantId = session.TenantId,
                SurveyId = reader.GetGuid(1),
                CustomerId = reader.GetGuid(2),
                CaseId = reader.GetGuidOrNull(3),
                CampaignId = reader.GetGuidOrNull(4),
                AgentId = reader.GetStringOrNull(5),
                Segment = reader.GetStringOrNull(6),
                Channel = reader.GetStringOrNull(7),
                MessageId = reader.GetGuidOrNull(8),
                SentAt = reader.GetInstant(9, 10),
                ExpiresAt = reader.GetInstant(11, 12),
            };
        }
    }

    public async Task<SurveyResponse> InsertResponseAsync(SurveyResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var stored = response with { TenantId = session.TenantId };
        using var command = Command(
            $"INSERT INTO survey_responses (tenant_id, {ResponseColumns}) VALUES " +
            "(@tenant, @id, @survey, @invitation, @customer, @case, @campaign, @agent, @segment, @nps, @csat, @answers, @received, @received_tick);");
        command.Parameters.AddUuid("id", stored.Id);
        command.Parameters.AddUuid("survey", stored.SurveyId);
        command.Parameters.AddUuidOrNull("invitation", stored.InvitationId);
        command.Parameters.AddUuid("customer", stored.CustomerId);
        command.Parameters.AddUuidOrNull("case", stored.CaseId);
        command.Parameters.AddUuidOrNull("campaign", stored.CampaignId);
        command.Parameters.AddText("agent", stored.AgentId);
        command.Parameters.AddText("segment", stored.Segment);
        command.Parameters.AddInteger("nps", stored.NpsScore);
        command.Parameters.AddInteger("csat", stored.CsatScore);
        command.Parameters.AddJsonb("answers", JsonSerializer.Serialize(stored.Answers, FeedbackJson.Default.IReadOnlyListSurveyAnswer));
        command.Parameters.AddInstant("received", stored.ReceivedAt);
        await InsertAsync(command, nameof(SurveyResponse), stored.InvitationId ?? stored.Id, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<Page<SurveyResponse>> ListResponsesAsync(Guid customerId, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        page.Validate();
        var offset = OffsetToken.Parse(page.ContinuationToken);

        // Offset paging like SQLite's (a customer has few responses); the order is total, so pages neither skip nor repeat.
        using var command = Command(
            $"SELECT {ResponseColumns} FROM survey_responses WHERE tenant_id = @tenant AND customer_id = @customer " +
            "ORDER BY received_at DESC, received_at_tick DESC, id DESC LIMIT @limit OFFSET @offset;");
        command.Parameters.AddUuid("customer", customerId);
        command.Parameters.AddBigint("limit", page.Size + 1);
        command.Parameters.AddBigint("offset", offset);
        var items = new List<SurveyResponse>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(ReadResponse(reader));
            }
        }

        return OffsetToken.Page(items, page.Size, offset);
    }

    public async Task<IReadOnlyList<FeedbackCounts>> CountAsync(FeedbackQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);

        // Keys are text in the "C" collation so the ORDER BY is ordinal; yyyy-MM-dd keys sort chronologically.
        var key = query.GroupBy switch
        {
            FeedbackGrouping.None => "NULL::text",
            FeedbackGrouping.Segment => "segment",
            FeedbackGrouping.Agent => "agent_id",
            FeedbackGrouping.Day => $"to_char({UtcReceived}, 'YYYY-MM-DD') COLLATE \"C\"",
            FeedbackGrouping.Week => $"to_char(date_trunc('week', {UtcReceived}), 'YYYY-MM-DD') COLLATE \"C\"",
            FeedbackGrouping.Month => $"to_char(date_trunc('month', {UtcReceived}), 'YYYY-MM-DD') COLLATE \"C\"",
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.GroupBy, "Unknown feedback grouping."),
        };
        using var command = Command("");
        var sql = new StringBuilder()
            .Append("SELECT ").Append(key).Append(" AS k, COUNT(nps_score), COUNT(*) FILTER (WHERE nps_score >= 9), ")
            .Append("COUNT(*) FILTER (WHERE nps_score BETWEEN 7 AND 8), COUNT(*) FILTER (WHERE nps_score <= 6), ")
            .Append("COUNT(csat_score), COUNT(*) FILTER (WHERE csat_score >= 4) ")
            .Append("FROM survey_responses WHERE tenant_id = @tenant AND ")
            .Append(PgInstantRange.Within("received_at", "from", query.From, "until", query.Until));
        command.Parameters.AddBound("from", query.From);
        command.Parameters.AddBound("until", query.Until);
        if (query.SurveyId is { } survey)
        {
            sql.Append(" AND survey_id = @survey");
            command.Parameters.AddUuid("survey", survey);
        }

        if (query.CampaignId is { } campaign)
        {
            sql.Append(" AND campaign_id = @campaign");
            command.Parameters.AddUuid("campaign", campaign);
        }

        if (query.AgentId is { } agent)
        {
            sql.Append(" AND agent_id = @agent");
            command.Parameters.AddText("agent", agent);
        }

        sql.Append(" GROUP BY k ORDER BY k NULLS FIRST;");
        command.CommandText = sql.ToString();
        var rows = new List<FeedbackCounts>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(new FeedbackCounts(reader.GetStringOrNull(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6)));
            }
        }

        return rows;
    }

    private SurveyResponse ReadResponse(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetGuid(0),
        TenantId = session.TenantId,
        SurveyId = reader.GetGuid(1),
        InvitationId = reader.GetGuidOrNull(2),
        CustomerId = reader.GetGuid(3),
        CaseId = reader.GetGuidOrNull(4),
        CampaignId = reader.GetGuidOrNull(5),
        AgentId = reader.GetStringOrNull(6),
        Segment = reader.GetStringOrNull(7),
        NpsScore = reader.IsDBNull(8) ? null : reader.GetInt16(8),
        CsatScore = reader.IsDBNull(9) ? null : reader.GetInt16(9),
        Answers = JsonSerializer.Deserialize(reader.GetString(10), FeedbackJson.Default.IReadOnlyListSurveyAnswer) ?? [],
        ReceivedAt = reader.GetInstant(11, 12),
    };

    /// <summary>Runs an insert in a write scope, so a duplicate inside the caller's transaction leaves the transaction usable.</summary>
    private async Task InsertAsync(NpgsqlCommand command, string entity, Guid id, CancellationToken cancellationToken)
    {
        var scope = await session.BeginWriteAsync(severalStatements: false, cancellationToken).ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await scope.CommitAsync().ConfigureAwait(false);
            }
            catch (PostgresException e) when (PgValues.IsDuplicateKey(e))
            {
                throw new CrmDuplicateException(entity, id, e);
            }
        }
    }

    private NpgsqlCommand Command(string sql)
    {
        var command = session.CreateCommand(sql);
        command.Parameters.AddText("tenant", session.TenantId);
        return command;
    }
}
