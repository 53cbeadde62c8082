using Crm.Engine.Campaigns;
using Crm.Plugins.Storage.Postgres.Customers;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace Crm.Plugins.Storage.Postgres.Campaigns;

/// <summary>
/// Campaign recipients: a send records audience ids as pending rows (one round trip per batch), dispatch reads and
/// locks due rows with the customer and its consent and suppression now, and marks them queued or skipped.
/// </summary>
internal sealed partial class PostgresCampaignStore
{
    private static readonly int CustomerColumnCount = CustomerRows.SelectList.Split(',').Length;

    public async Task<IReadOnlyList<Guid>> ReadAudienceIdsAsync(CampaignAudienceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var command = CreateAudienceCommand(query, "c.id");
        var result = new List<Guid>(Math.Min(query.Limit, 16_384));
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(reader.GetGuid(0));
            }
        }

        return result;
    }

    public async Task<int> AddRecipientsAsync(IReadOnlyList<CampaignRecipient> recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        if (recipients.Count == 0)
        {
            return 0;
        }

        // One statement over arrays: a batch of recipients is one round trip.
        using var command = session.CreateCommand(
            "INSERT INTO campaign_recipients (tenant_id, campaign_id, customer_id, variant, status, due_at, message_id, queued_at, completed_at) " +
            "SELECT @tenant, * FROM unnest(@campaigns, @customers, @variants, @statuses, @dues, @messages, @times, @completed) ON CONFLICT DO NOTHING;");
        command.Parameters.AddText("@tenant", session.TenantId);
        command.Parameters.Add(new NpgsqlParameter("@campaigns", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = recipients.Select(r => r.CampaignId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("@customers", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = recipients.Select(r => r.CustomerId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("@variants", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = recipients.Select(r => r.Variant).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("@statuses", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = recipients.Select(r => StatusText(r.Status)).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("@dues", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = recipients.Select(r => r.DueAt.UtcTicks).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("@messages", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = recipients.Select(r => r.MessageId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("@times", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = recipients.Select(r => r.QueuedAt.UtcTicks).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("@completed", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = recipients.Select(r => r.CompletedAt?.UtcTicks).ToArray() });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<CampaignRecipient?> GetRecipientAsync(Guid campaignId, Guid customerId, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(
            "SELECT variant, message_id, queued_at, status, due_at, completed_at FROM campaign_recipients " +
            "WHERE tenant_id = @tenant AND campaign_id = @campaign AND customer_id = @customer;");
        command.Parameters.AddText("@tenant", session.TenantId);
        command.Parameters.AddUuid("@campaign", campaignId);
        command.Parameters.AddUuid("@customer", customerId);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new CampaignRecipient(campaignId, customerId, reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), CampaignRows.Ticks(reader.GetInt64(2)))
                {
                    Status = Enum.Parse<CampaignRecipientStatus>(reader.GetString(3)),
                    DueAt = CampaignRows.Ticks(reader.GetInt64(4)),
                    CompletedAt = reader.IsDBNull(5) ? null : CampaignRows.Ticks(reader.GetInt64(5)),
                }
                : null;
        }
    }

    public async Task<IReadOnlyList<CampaignDispatchCandidate>> ReadDueRecipientsAsync(CampaignDispatchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var command = session.CreateCommand("");
        command.Parameters.AddText("@tenant", session.TenantId);
        command.Parameters.AddUuid("@campaign", query.CampaignId);
        command.Parameters.AddText("@channel", query.Channel);
        command.Parameters.AddText("@purpose", query.Purpose);
        command.Parameters.AddBigint("@due", query.DueBy.UtcTicks);
        command.Parameters.AddInteger("@limit", query.Limit);

        // Along ix_campaign_recipients_pending; the customer may be gone (erased), hence the outer join. Rows another
        // dispatcher holds are skipped rather than waited for.
        command.CommandText =
            $"SELECT {CustomerRows.SelectList}, r.customer_id, r.variant, r.queued_at, r.due_at, " +
            $"COALESCE({AudienceSql.Consent} = 'Granted', false), ({AudienceSql.CustomerSuppressed} OR {AudienceSql.AddressSuppressed(query.Channel)}) " +
            "FROM campaign_recipients r LEFT JOIN customers c ON c.tenant_id = r.tenant_id AND c.id = r.customer_id " +
            "WHERE r.tenant_id = @tenant AND r.campaign_id = @campaign AND r.status = 'Pending' AND r.due_at <= @due " +
            "ORDER BY r.due_at, r.customer_id LIMIT @limit FOR UPDATE OF r SKIP LOCKED;";
        var result = new List<CampaignDispatchCandidate>(Math.Min(query.Limit, 4096));
        var n = CustomerColumnCount;
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var customer = reader.IsDBNull(0) ? null : CustomerRows.Read(reader, session.TenantId);
                var recipient = new CampaignRecipient(query.CampaignId, reader.GetGuid(n), reader.GetString(n + 1), null, CampaignRows.Ticks(reader.GetInt64(n + 2)))
                {
                    DueAt = CampaignRows.Ticks(reader.GetInt64(n + 3)),
                };
                result.Add(new CampaignDispatchCandidate(recipient, customer, customer is not null && reader.GetBoolean(n + 4), reader.GetBoolean(n + 5)));
            }
        }

        return result;
    }

    public async Task<int> CompleteRecipientsAsync(Guid campaignId, IReadOnlyList<CampaignRecipientOutcome> outcomes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count == 0)
        {
            return 0;
        }

        using var command = session.CreateCommand(
            "UPDATE campaign_recipients r SET status = u.status, message_id = u.message, completed_at = u.at " +
            "FROM unnest(@customers, @statuses, @messages, @times) AS u(customer_id, status, message, at) " +
            "WHERE r.tenant_id = @tenant AND r.campaign_id = @campaign AND r.customer_id = u.customer_id AND r.status = 'Pending';");
        command.Parameters.AddText("@tenant", session.TenantId);
        command.Parameters.AddUuid("@campaign", campaignId);
        command.Parameters.Add(new NpgsqlParameter("@customers", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = outcomes.Select(o => o.CustomerId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("@statuses", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = outcomes.Select(o => StatusText(o.Status)).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("@messages", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = outcomes.Select(o => o.MessageId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("@times", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = outcomes.Select(o => o.At.UtcTicks).ToArray() });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> CancelPendingRecipientsAsync(Guid campaignId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(
            "UPDATE campaign_recipients SET status = 'Cancelled', completed_at = @at " +
            "WHERE tenant_id = @tenant AND campaign_id = @campaign AND status = 'Pending';");
        command.Parameters.AddText("@tenant", session.TenantId);
        command.Parameters.AddUuid("@campaign", campaignId);
        command.Parameters.AddBigint("@at", at.UtcTicks);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<CampaignRecipientCounts> CountRecipientsAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(
            "SELECT COUNT(*) FILTER (WHERE status = 'Pending'), COUNT(*) FILTER (WHERE status = 'Queued'), COUNT(*) FILTER (WHERE status = 'Skipped'), " +
            "COUNT(*) FILTER (WHERE status = 'Cancelled'), MIN(due_at) FILTER (WHERE status = 'Pending') " +
            "FROM campaign_recipients WHERE tenant_id = @tenant AND campaign_id = @campaign;");
        command.Parameters.AddText("@tenant", session.TenantId);
        command.Parameters.AddUuid("@campaign", campaignId);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return new CampaignRecipientCounts(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.IsDBNull(4) ? null : CampaignRows.Ticks(reader.GetInt64(4)));
        }
    }

    private static string StatusText(CampaignRecipientStatus status) => status switch
    {
        CampaignRecipientStatus.Pending => "Pending",
        CampaignRecipientStatus.Queued => "Queued",
        CampaignRecipientStatus.Skipped => "Skipped",
        CampaignRecipientStatus.Cancelled => "Cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown campaign recipient status."),
    };
}
