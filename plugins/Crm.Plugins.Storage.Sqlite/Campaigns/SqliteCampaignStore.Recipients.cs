using Crm.Engine.Campaigns;
using Crm.Plugins.Storage.Sqlite.Customers;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Campaigns;

/// <summary>
/// Campaign recipients: a send records audience ids as pending rows (one prepared statement per batch), dispatch reads
/// due rows with the customer and its consent and suppression now, and marks them queued or skipped.
/// </summary>
internal sealed partial class SqliteCampaignStore
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

        var added = 0;
        using var scope = session.BeginWrite();
        using (var command = session.CreateCommand(
            "INSERT INTO campaign_recipients (tenant_id, campaign_id, customer_id, variant, status, due_at, message_id, queued_at, completed_at) " +
            "VALUES (@tenant, @campaign, @customer, @variant, @status, @due, @message, @at, @completed) ON CONFLICT DO NOTHING;"))
        {
            // Untyped like every other id parameter of the provider, so ids are stored exactly as the customers' are.
            command.Parameters.AddWithValue("@tenant", session.TenantId);
            var campaign = command.Parameters.Add(new SqliteParameter("@campaign", null));
            var customer = command.Parameters.Add(new SqliteParameter("@customer", null));
            var variant = command.Parameters.Add(new SqliteParameter("@variant", null));
            var status = command.Parameters.Add(new SqliteParameter("@status", null));
            var due = command.Parameters.Add(new SqliteParameter("@due", null));
            var message = command.Parameters.Add(new SqliteParameter("@message", null));
            var at = command.Parameters.Add(new SqliteParameter("@at", null));
            var completed = command.Parameters.Add(new SqliteParameter("@completed", null));
            command.Prepare();
            foreach (var recipient in recipients)
            {
                campaign.Value = recipient.CampaignId;
                customer.Value = recipient.CustomerId;
                variant.Value = recipient.Variant;
                status.Value = StatusText(recipient.Status);
                due.Value = recipient.DueAt.UtcTicks;
                message.Value = recipient.MessageId is { } id ? id : DBNull.Value;
                at.Value = recipient.QueuedAt.UtcTicks;
                completed.Value = recipient.CompletedAt is { } done ? done.UtcTicks : DBNull.Value;
                added += await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        scope.Commit();
        return added;
    }

    public async Task<CampaignRecipient?> GetRecipientAsync(Guid campaignId, Guid customerId, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(
            "SELECT variant, message_id, queued_at, status, due_at, completed_at FROM campaign_recipients " +
            "WHERE tenant_id = @tenant AND campaign_id = @campaign AND customer_id = @customer;");
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@campaign", campaignId);
        command.Parameters.AddWithValue("@customer", customerId);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new CampaignRecipient(campaignId, customerId, reader.GetString(0), reader.GetGuidOrNull(1), SqliteValues.FromTicks(reader.GetInt64(2)))
                {
                    Status = Enum.Parse<CampaignRecipientStatus>(reader.GetString(3)),
                    DueAt = SqliteValues.FromTicks(reader.GetInt64(4)),
                    CompletedAt = reader.IsDBNull(5) ? null : SqliteValues.FromTicks(reader.GetInt64(5)),
                }
                : null;
        }
    }

    public async Task<IReadOnlyList<CampaignDispatchCandidate>> ReadDueRecipientsAsync(CampaignDispatchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var command = session.CreateCommand("");
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@campaign", query.CampaignId);
        command.Parameters.AddWithValue("@channel", query.Channel);
        command.Parameters.AddWithValue("@purpose", query.Purpose);
        command.Parameters.AddWithValue("@due", query.DueBy.UtcTicks);
        command.Parameters.AddWithValue("@limit", query.Limit);

        // Along ix_campaign_recipients_pending; the customer may be gone (erased), hence the outer join.
        command.CommandText =
            $"SELECT {CustomerRows.SelectList}, r.customer_id, r.variant, r.queued_at, r.due_at, " +
            $"COALESCE({AudienceSql.Consent} = 'Granted', 0), ({AudienceSql.CustomerSuppressed} OR {AudienceSql.AddressSuppressed(query.Channel)}) " +
            "FROM campaign_recipients r LEFT JOIN customers c ON c.tenant_id = r.tenant_id AND c.id = r.customer_id " +
            "WHERE r.tenant_id = @tenant AND r.campaign_id = @campaign AND r.status = 'Pending' AND r.due_at <= @due " +
            "ORDER BY r.due_at, r.customer_id LIMIT @limit;";
        var result = new List<CampaignDispatchCandidate>(Math.Min(query.Limit, 4096));
        var n = CustomerColumnCount;
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var customer = reader.IsDBNull(0) ? null : CustomerRows.Read(reader, session.TenantId);
                var recipient = new CampaignRecipient(query.CampaignId, reader.GetGuid(n), reader.GetString(n + 1), null, SqliteValues.FromTicks(reader.GetInt64(n + 2)))
                {
                    DueAt = SqliteValues.FromTicks(reader.GetInt64(n + 3)),
                };
                result.Add(new CampaignDispatchCandidate(recipient, customer, customer is not null && reader.GetInt64(n + 4) == 1, reader.GetInt64(n + 5) == 1));
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

        var updated = 0;
        using var scope = session.BeginWrite();
        using (var command = session.CreateCommand(
            "UPDATE campaign_recipients SET status = @status, message_id = @message, completed_at = @at " +
            "WHERE tenant_id = @tenant AND campaign_id = @campaign AND customer_id = @customer AND status = 'Pending';"))
        {
            command.Parameters.AddWithValue("@tenant", session.TenantId);
            command.Parameters.AddWithValue("@campaign", campaignId);
            var customer = command.Parameters.Add(new SqliteParameter("@customer", null));
            var status = command.Parameters.Add(new SqliteParameter("@status", null));
            var message = command.Parameters.Add(new SqliteParameter("@message", null));
            var at = command.Parameters.Add(new SqliteParameter("@at", null));
            command.Prepare();
            foreach (var outcome in outcomes)
            {
                customer.Value = outcome.CustomerId;
                status.Value = StatusText(outcome.Status);
                message.Value = outcome.MessageId is { } id ? id : DBNull.Value;
                at.Value = outcome.At.UtcTicks;
                updated += await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        scope.Commit();
        return updated;
    }

    public async Task<int> CancelPendingRecipientsAsync(Guid campaignId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(
            "UPDATE campaign_recipients SET status = 'Cancelled', completed_at = @at " +
            "WHERE tenant_id = @tenant AND campaign_id = @campaign AND status = 'Pending';");
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@campaign", campaignId);
        command.Parameters.AddWithValue("@at", at.UtcTicks);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<CampaignRecipientCounts> CountRecipientsAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(
            "SELECT COALESCE(SUM(status = 'Pending'), 0), COALESCE(SUM(status = 'Queued'), 0), COALESCE(SUM(status = 'Skipped'), 0), " +
            "COALESCE(SUM(status = 'Cancelled'), 0), MIN(CASE WHEN status = 'Pending' THEN due_at END) " +
            "FROM campaign_recipients WHERE tenant_id = @tenant AND campaign_id = @campaign;");
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@campaign", campaignId);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return new CampaignRecipientCounts(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.IsDBNull(4) ? null : SqliteValues.FromTicks(reader.GetInt64(4)));
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
