using System.Globalization;
using Crm.Engine.Campaigns;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Postgres.Customers;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace Crm.Plugins.Storage.Postgres.Campaigns;

/// <summary>Stores campaigns, recipients, tracked events and the suppression list; audiences and counts are single statements.</summary>
internal sealed partial class PostgresCampaignStore(PostgresStorageSession session) : ICampaignStore
{
    private const string EntityType = "Campaign";

    public async Task InsertAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var scope = await session.BeginWriteAsync(severalStatements: false, cancellationToken).ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            using var command = session.CreateCommand(CampaignRows.InsertSql);
            CampaignRows.Bind(command, session.TenantId, campaign);
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (PgValues.IsDuplicateKey(e))
            {
                throw new CrmDuplicateException(EntityType, campaign.Id, e);
            }

            await scope.CommitAsync().ConfigureAwait(false);
        }
    }

    public async Task<bool> UpdateAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        using var command = session.CreateCommand(CampaignRows.UpdateSql);
        CampaignRows.Bind(command, session.TenantId, campaign);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<Campaign?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand($"SELECT {CampaignRows.Columns} FROM campaigns WHERE tenant_id = @tenant AND id = @id;");
        command.Parameters.AddText("@tenant", session.TenantId);
        command.Parameters.AddUuid("@id", id);
        var list = await ReadCampaignsAsync(command, cancellationToken).ConfigureAwait(false);
        return list.Count == 0 ? null : list[0];
    }

    public async Task<Page<Campaign>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var offset = OffsetToken.Parse(page.ContinuationToken);
        using var command = session.CreateCommand(
            $"SELECT {CampaignRows.Columns} FROM campaigns WHERE tenant_id = @tenant ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset;");
        command.Parameters.AddText("@tenant", session.TenantId);
        command.Parameters.AddInteger("@limit", page.Size + 1);
        command.Parameters.AddInteger("@offset", offset);
        var items = await ReadCampaignsAsync(command, cancellationToken).ConfigureAwait(false);
        return OffsetToken.Page(items, page.Size, offset);
    }

    // One audience predicate for every read of it (full rows, ids), so a send and a preview can never disagree on who
    // is in the audience.
    private NpgsqlCommand CreateAudienceCommand(CampaignAudienceQuery query, string selectList)
    {
        var command = session.CreateCommand("");
        var members = AudienceSql.Members(query, command, session.TenantId);
        var after = "";
        if (query.After is { } last)
        {
            after = " AND c.id > @after";
            command.Parameters.AddUuid("@after", last);
        }

        command.Parameters.AddInteger("@limit", query.Limit);
        command.CommandText =
            $"SELECT {selectList} FROM customers c WHERE {members}{after} AND {AudienceSql.HasAddress(query.Channel)} " +
            $"AND {AudienceSql.Consent} = 'Granted' AND NOT {AudienceSql.CustomerSuppressed} AND NOT {AudienceSql.AddressSuppressed(query.Channel)} " +
            $"AND NOT {AudienceSql.AlreadyRecipient} ORDER BY c.id LIMIT @limit;";
        return command;
    }

    public async Task<IReadOnlyList<Customer>> ReadAudienceAsync(CampaignAudienceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var command = CreateAudienceCommand(query, CustomerRows.SelectList);
        var result = new List<Customer>(Math.Min(query.Limit, 4096));
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(CustomerRows.Read(reader, session.TenantId));
            }
        }

        return result;
    }

    public async Task<CampaignAudienceCounts> CountAudienceAsync(CampaignAudienceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var command = session.CreateCommand("");
        var members = AudienceSql.Members(query, command, session.TenantId);
        command.CommandText =
            "SELECT COUNT(*), COUNT(*) FILTER (WHERE consent IS DISTINCT FROM 'Granted'), " +
            "COUNT(*) FILTER (WHERE consent = 'Granted' AND suppressed), " +
            "COUNT(*) FILTER (WHERE consent = 'Granted' AND NOT suppressed AND recipient), " +
            "COUNT(*) FILTER (WHERE consent = 'Granted' AND NOT suppressed AND NOT recipient AND has_address) FROM (" +
            $"SELECT {AudienceSql.Consent} AS consent, ({AudienceSql.CustomerSuppressed} OR {AudienceSql.AddressSuppressed(query.Channel)}) AS suppressed, " +
            $"{AudienceSql.AlreadyRecipient} AS recipient, ({AudienceSql.HasAddress(query.Channel)}) AS has_address FROM customers c WHERE {members}) a;";
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return new CampaignAudienceCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        }
    }

    public async Task<bool> RecordEventAsync(CampaignTrackingEvent trackingEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trackingEvent);
        using var command = session.CreateCommand(
            "INSERT INTO campaign_events (tenant_id, campaign_id, customer_id, kind, variant, occurrences, amount, first_at, last_at) " +
            "VALUES (@tenant, @campaign, @customer, @kind, COALESCE((SELECT r.variant FROM campaign_recipients r WHERE r.tenant_id = @tenant " +
            "AND r.campaign_id = @campaign AND r.customer_id = @customer), @variant), 1, @amount, @at, @at) " +
            "ON CONFLICT (tenant_id, campaign_id, customer_id, kind) DO UPDATE SET occurrences = campaign_events.occurrences + 1, " +
            "amount = campaign_events.amount + EXCLUDED.amount, first_at = LEAST(campaign_events.first_at, EXCLUDED.first_at), " +
            "last_at = GREATEST(campaign_events.last_at, EXCLUDED.last_at) RETURNING occurrences;");
        command.Parameters.AddText("@tenant", session.TenantId);
        command.Parameters.AddUuid("@campaign", trackingEvent.CampaignId);
        command.Parameters.AddUuid("@customer", trackingEvent.CustomerId);
        command.Parameters.AddText("@kind", trackingEvent.Kind.ToString());
        command.Parameters.AddText("@variant", trackingEvent.Variant ?? Campaign.DefaultVariant);
        command.Parameters.Add(new NpgsqlParameter("@amount", NpgsqlDbType.Numeric) { Value = trackingEvent.Amount });
        command.Parameters.AddBigint("@at", trackingEvent.OccurredAt.UtcTicks);
        var occurrences = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return occurrences == 1;
    }

    public async Task<CampaignTouch?> FindLastTouchAsync(Guid customerId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // A touch's time is its latest occurrence not after the purchase; with only later repeats, its first occurrence.
        const string TouchedAt = "(CASE WHEN e.last_at <= @at THEN e.last_at ELSE e.first_at END)";
        using var command = session.CreateCommand(
            $"SELECT e.campaign_id, e.variant, k.currency, {TouchedAt} AS touched FROM campaign_events e " +
            "JOIN campaigns k ON k.tenant_id = e.tenant_id AND k.id = e.campaign_id " +
            "WHERE e.tenant_id = @tenant AND e.customer_id = @customer AND e.kind IN ('Delivered', 'Clicked') AND e.first_at <= @at " +
            $"AND {TouchedAt} + k.attribution_window >= @at ORDER BY touched DESC, e.kind DESC LIMIT 1;");
        command.Parameters.AddText("@tenant", session.TenantId);
        command.Parameters.AddUuid("@customer", customerId);
        command.Parameters.AddBigint("@at", at.UtcTicks);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new CampaignTouch(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), CampaignRows.Ticks(reader.GetInt64(3)))
                : null;
        }
    }

    public async Task<IReadOnlyList<CampaignVariantCounts>> CountByVariantAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(
            "SELECT variant, 'Sent', COUNT(*), COUNT(*), 0::numeric FROM campaign_recipients WHERE tenant_id = @tenant AND campaign_id = @campaign AND status = 'Queued' GROUP BY variant " +
            "UNION ALL SELECT variant, kind, COUNT(*), SUM(occurrences)::bigint, SUM(amount) FROM campaign_events " +
            "WHERE tenant_id = @tenant AND campaign_id = @campaign GROUP BY variant, kind;");
        command.Parameters.AddText("@tenant", session.TenantId);
        command.Parameters.AddUuid("@campaign", campaignId);
        var rows = new List<(string Variant, string Kind, long Unique, long Total, decimal Amount)>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDecimal(4)));
            }
        }

        return VariantCountsPivot.Pivot(rows);
    }

    public async Task<bool> AddSuppressionAsync(Suppression suppression, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suppression);
        var (table, column, key) = Target(suppression);

        // xmax = 0 only for a freshly inserted row: tells new from replaced in one statement.
        using var command = session.CreateCommand(
            $"INSERT INTO {table} (tenant_id, {column}, reason, recorded_at) VALUES (@tenant, @key, @reason, @at) " +
            $"ON CONFLICT (tenant_id, {column}) DO UPDATE SET reason = EXCLUDED.reason, recorded_at = EXCLUDED.recorded_at RETURNING (xmax = 0);");
        command.Parameters.AddText("@tenant", session.TenantId);
        command.Parameters.Add(key);
        command.Parameters.AddText("@reason", suppression.Reason.ToString());
        command.Parameters.AddBigint("@at", suppression.RecordedAt.UtcTicks);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<bool> RemoveSuppressionAsync(Suppression suppression, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suppression);
        var (table, column, key) = Target(suppression);
        using var command = session.CreateCommand($"DELETE FROM {table} WHERE tenant_id = @tenant AND {column} = @key;");
        command.Parameters.AddText("@tenant", session.TenantId);
        command.Parameters.Add(key);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<Page<Suppression>> ListSuppressionsAsync(PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var offset = OffsetToken.Parse(page.ContinuationToken);
        using var command = session.CreateCommand(
            "SELECT customer_id, NULL::text AS address, reason, recorded_at FROM suppressed_customers WHERE tenant_id = @tenant " +
            "UNION ALL SELECT NULL::uuid, address, reason, recorded_at FROM suppressed_addresses WHERE tenant_id = @tenant " +
            "ORDER BY recorded_at DESC, address NULLS FIRST, customer_id LIMIT @limit OFFSET @offset;");
        command.Parameters.AddText("@tenant", session.TenantId);
        command.Parameters.AddInteger("@limit", page.Size + 1);
        command.Parameters.AddInteger("@offset", offset);
        var items = new List<Suppression>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(new Suppression(Enum.Parse<SuppressionReason>(reader.GetString(2)), CampaignRows.Ticks(reader.GetInt64(3)))
                {
                    CustomerId = reader.GetGuidOrNull(0),
                    Address = reader.GetStringOrNull(1),
                });
            }
        }

        return OffsetToken.Page(items, page.Size, offset);
    }

    private static (string Table, string Column, NpgsqlParameter Key) Target(Suppression suppression) => suppression switch
    {
        { CustomerId: { } id, Address: null } => ("suppressed_customers", "customer_id", new NpgsqlParameter("@key", NpgsqlDbType.Uuid) { Value = id }),
        { CustomerId: null, Address: { } address } => ("suppressed_addresses", "address", new NpgsqlParameter("@key", NpgsqlDbType.Text) { Value = address.ToLower(CultureInfo.InvariantCulture) }),
        _ => throw new ArgumentException("A suppression names exactly one of a customer id and an address.", nameof(suppression)),
    };

    private async Task<List<Campaign>> ReadCampaignsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var result = new List<Campaign>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(CampaignRows.Read(reader, session.TenantId));
            }
        }

        return result;
    }
}
