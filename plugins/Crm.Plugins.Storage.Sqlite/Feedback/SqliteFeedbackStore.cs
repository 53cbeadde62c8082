using System.Globalization;
using System.Text;
using System.Text.Json;
using Crm.Engine.Feedback;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Feedback;

/// <summary>Stores one tenant's surveys, invitations and responses; NPS and CSAT counts are aggregated in SQL.</summary>
internal sealed class SqliteFeedbackStore(SqliteStorageSession session) : IFeedbackStore
{
    private const string ResponseColumns =
        "id, survey_id, invitation_id, customer_id, case_id, campaign_id, agent_id, segment, nps_score, csat_score, answers, received_at";

    private const string InvitationColumns =
        "id, survey_id, customer_id, case_id, campaign_id, agent_id, segment, channel, message_id, sent_at, expires_at";

    // Ticks to Unix seconds, for SQLite's date functions.
    private const string UnixSeconds = "((received_at - 621355968000000000) / 10000000)";

    public async Task<Survey> InsertSurveyAsync(Survey survey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var stored = survey with { TenantId = session.TenantId };
        using var command = Command("INSERT INTO surveys (tenant_id, id, name, questions, created_at) VALUES (@tenant, @id, @name, @questions, @created);");
        command.Parameters.AddWithValue("@id", stored.Id);
        command.Parameters.AddWithValue("@name", stored.Name);
        command.Parameters.AddWithValue("@questions", JsonSerializer.Serialize(stored.Questions, FeedbackJson.Default.IReadOnlyListSurveyQuestion));
        command.Parameters.AddWithValue("@created", SqliteValues.ToTicks(stored.CreatedAt));
        await ExecuteAsync(command, nameof(Survey), stored.Id, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<Survey?> GetSurveyAsync(Guid id, CancellationToken cancellationToken)
    {
        using var command = Command("SELECT id, name, questions, created_at FROM surveys WHERE tenant_id = @tenant AND id = @id;");
        command.Parameters.AddWithValue("@id", id);
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
                CreatedAt = SqliteValues.FromTicks(reader.GetInt64(3)),
            };
        }
    }

    public async Task<SurveyInvitation> InsertInvitationAsync(SurveyInvitation invitation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        var stored = invitation with { TenantId = session.TenantId };
        using var command = Command(
            $"INSERT INTO survey_invitations (tenant_id, {InvitationColumns}) VALUES " +
            "(@tenant, @id, @survey, @customer, @case, @campaign, @agent, @segment, @channel, @message, @sent, @expires);");
        command.Parameters.AddWithValue("@id", stored.Id);
        command.Parameters.AddWithValue("@survey", stored.SurveyId);
        command.Parameters.AddWithValue("@customer", stored.CustomerId);
        command.Parameters.AddWithValue("@case", SqliteValues.OrNull(stored.CaseId));
        command.Parameters.AddWithValue("@campaign", SqliteValues.OrNull(stored.CampaignId));
        command.Parameters.AddWithValue("@agent", SqliteValues.OrNull(stored.AgentId));
        command.Parameters.AddWithValue("@segment", SqliteValues.OrNull(stored.Segment));
        command.Parameters.AddWithValue("@channel", SqliteValues.OrNull(stored.Channel));
        command.Parameters.AddWithValue("@message", SqliteValues.OrNull(stored.MessageId));
        command.Parameters.AddWithValue("@sent", SqliteValues.ToTicks(stored.SentAt));
        command.Parameters.AddWithValue("@expires", SqliteValues.ToTicks(stored.ExpiresAt));
        await ExecuteAsync(command, nameof(SurveyInvitation), stored.Id, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<SurveyInvitation?> GetInvitationAsync(Guid id, CancellationToken cancellationToken)
    {
        using var command = Command($"SELECT {InvitationColumns} FROM survey_invitations WHERE tenant_id = @tenant AND id = @id;");
        command.Parameters.AddWithValue("@id", id);
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
                SentAt = SqliteValues.FromTicks(reader.GetInt64(9)),
                ExpiresAt = SqliteValues.FromTicks(reader.GetInt64(10)),
            };
        }
    }

    public async Task<SurveyResponse> InsertResponseAsync(SurveyResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var stored = response with { TenantId = session.TenantId };
        using var command = Command(
            $"INSERT INTO survey_responses (tenant_id, {ResponseColumns}) VALUES " +
            "(@tenant, @id, @survey, @invitation, @customer, @case, @campaign, @agent, @segment, @nps, @csat, @answers, @received);");
        command.Parameters.AddWithValue("@id", stored.Id);
        command.Parameters.AddWithValue("@survey", stored.SurveyId);
        command.Parameters.AddWithValue("@invitation", SqliteValues.OrNull(stored.InvitationId));
        command.Parameters.AddWithValue("@customer", stored.CustomerId);
        command.Parameters.AddWithValue("@case", SqliteValues.OrNull(stored.CaseId));
        command.Parameters.AddWithValue("@campaign", SqliteValues.OrNull(stored.CampaignId));
        command.Parameters.AddWithValue("@agent", SqliteValues.OrNull(stored.AgentId));
        command.Parameters.AddWithValue("@segment", SqliteValues.OrNull(stored.Segment));
        command.Parameters.AddWithValue("@nps", stored.NpsScore is { } nps ? nps : DBNull.Value);
        command.Parameters.AddWithValue("@csat", stored.CsatScore is { } csat ? csat : DBNull.Value);
        command.Parameters.AddWithValue("@answers", JsonSerializer.Serialize(stored.Answers, FeedbackJson.Default.IReadOnlyListSurveyAnswer));
        command.Parameters.AddWithValue("@received", SqliteValues.ToTicks(stored.ReceivedAt));
        await ExecuteAsync(command, nameof(SurveyResponse), stored.InvitationId ?? stored.Id, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<Page<SurveyResponse>> ListResponsesAsync(Guid customerId, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        page.Validate();
        var offset = OffsetToken.Parse(page.ContinuationToken);
        using var command = Command(
            $"SELECT {ResponseColumns} FROM survey_responses WHERE tenant_id = @tenant AND customer_id = @customer " +
            "ORDER BY received_at DESC, id DESC LIMIT @limit OFFSET @offset;");
        command.Parameters.AddWithValue("@customer", customerId);
        command.Parameters.AddWithValue("@limit", page.Size + 1);
        command.Parameters.AddWithValue("@offset", offset);
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
        var key = query.GroupBy switch
        {
            FeedbackGrouping.None => "NULL",
            FeedbackGrouping.Segment => "segment",
            FeedbackGrouping.Agent => "agent_id",
            FeedbackGrouping.Day => $"strftime('%Y-%m-%d', {UnixSeconds}, 'unixepoch')",
            FeedbackGrouping.Week => $"date({UnixSeconds}, 'unixepoch', printf('-%d days', (CAST(strftime('%w', {UnixSeconds}, 'unixepoch') AS INTEGER) + 6) % 7))",
            FeedbackGrouping.Month => $"strftime('%Y-%m-01', {UnixSeconds}, 'unixepoch')",
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.GroupBy, "Unknown feedback grouping."),
        };
        using var command = Command("");
        var sql = new StringBuilder()
            .Append("SELECT ").Append(key).Append(" AS k, COUNT(nps_score), ")
            .Append("COALESCE(SUM(CASE WHEN nps_score >= 9 THEN 1 ELSE 0 END), 0), ")
            .Append("COALESCE(SUM(CASE WHEN nps_score BETWEEN 7 AND 8 THEN 1 ELSE 0 END), 0), ")
            .Append("COALESCE(SUM(CASE WHEN nps_score <= 6 THEN 1 ELSE 0 END), 0), ")
            .Append("COUNT(csat_score), COALESCE(SUM(CASE WHEN csat_score >= 4 THEN 1 ELSE 0 END), 0) ")
            .Append("FROM survey_responses WHERE tenant_id = @tenant AND received_at >= @from AND received_at < @until");
        command.Parameters.AddWithValue("@from", SqliteValues.ToTicks(query.From));
        command.Parameters.AddWithValue("@until", SqliteValues.ToTicks(query.Until));
        if (query.SurveyId is { } survey)
        {
            sql.Append(" AND survey_id = @survey");
            command.Parameters.AddWithValue("@survey", survey);
        }

        if (query.CampaignId is { } campaign)
        {
            sql.Append(" AND campaign_id = @campaign");
            command.Parameters.AddWithValue("@campaign", campaign);
        }

        if (query.AgentId is { } agent)
        {
            sql.Append(" AND agent_id = @agent");
            command.Parameters.AddWithValue("@agent", agent);
        }

        sql.Append(" GROUP BY k HAVING COUNT(*) > 0 ORDER BY k;");
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

    private SurveyResponse ReadResponse(SqliteDataReader reader) => new()
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
        NpsScore = reader.IsDBNull(8) ? null : reader.GetInt32(8),
        CsatScore = reader.IsDBNull(9) ? null : reader.GetInt32(9),
        Answers = JsonSerializer.Deserialize(reader.GetString(10), FeedbackJson.Default.IReadOnlyListSurveyAnswer) ?? [],
        ReceivedAt = SqliteValues.FromTicks(reader.GetInt64(11)),
    };

    private static async Task ExecuteAsync(SqliteCommand command, string entity, Guid id, CancellationToken cancellationToken)
    {
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (SqliteValues.IsDuplicateKey(e))
        {
            throw new CrmDuplicateException(entity, id, e);
        }
    }

    private SqliteCommand Command(string sql)
    {
        var command = session.CreateCommand(sql);
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        return command;
    }
}
