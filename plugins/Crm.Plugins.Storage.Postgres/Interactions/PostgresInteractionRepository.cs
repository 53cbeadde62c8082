using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Postgres.Querying;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;

using Crm.Plugins.Storage.Serialization;

namespace Crm.Plugins.Storage.Postgres.Interactions;

/// <summary>Stores interactions in <c>interactions</c>; the timeline reads <c>ix_interactions_timeline</c> in index order.</summary>
internal sealed class PostgresInteractionRepository(PostgresStorageSession session) : PostgresRepository<Interaction>(session), IInteractionRepository
{
    /// <summary>The first page of a timeline.</summary>
    internal const string TimelineSql =
        "SELECT " + InteractionRows.SelectList + " FROM interactions i WHERE i.tenant_id = @tenant AND i.customer_id = @customer " +
        "ORDER BY i.occurred_at DESC, i.occurred_at_tick DESC, i.id DESC LIMIT @limit;";

    /// <summary>A later page of a timeline, after the key and id of the previous page's last interaction.</summary>
    internal const string TimelineAfterSql =
        "SELECT " + InteractionRows.SelectList + " FROM interactions i WHERE i.tenant_id = @tenant AND i.customer_id = @customer " +
        "AND (i.occurred_at, i.occurred_at_tick, i.id) < (@afterKey, @afterTick, @afterId) " +
        "ORDER BY i.occurred_at DESC, i.occurred_at_tick DESC, i.id DESC LIMIT @limit;";

    private const string EntityType = "Interaction";

    protected override string EntityName => EntityType;

    protected override string Table => "interactions";

    protected override string Alias => "i";

    protected override string SelectList => InteractionRows.SelectList;

    protected override FieldCatalog Catalog => CrmFields.Interaction;

    protected override PgFieldMap Fields => PgFieldMaps.Interaction;

    public Task<Page<Interaction>> GetTimelineAsync(Guid customerId, PageRequest page, CancellationToken cancellationToken) =>
        ReadNewestFirstForCustomerAsync(TimelineSql, TimelineAfterSql, customerId, page, i => i.OccurredAt.UtcTicks, cancellationToken);

    public override async Task<Interaction> InsertAsync(Interaction entity, CancellationToken cancellationToken)
    {
        CheckTenant(entity);
        InteractionRows.Validate(entity);
        using var command = Command(InteractionRows.Table.InsertSql, entity, 1);
        await ExecuteWriteAsync(command, entity.Id, cancellationToken).ConfigureAwait(false);
        return entity with { Version = 1 };
    }

    public override async Task<Interaction> UpdateAsync(Interaction entity, CancellationToken cancellationToken)
    {
        CheckTenant(entity);
        InteractionRows.Validate(entity);
        using var command = Command(InteractionRows.Table.UpdateSql, entity, entity.Version);
        if (await ExecuteWriteAsync(command, entity.Id, cancellationToken).ConfigureAwait(false) == 0)
        {
            var actual = await ReadVersionAsync(entity.Id, cancellationToken).ConfigureAwait(false);
            throw new CrmConcurrencyException(EntityType, entity.Id, entity.Version, actual);
        }

        return entity with { Version = entity.Version + 1 };
    }

    public override Task<int> BulkInsertAsync(IEnumerable<Interaction> entities, CancellationToken cancellationToken) =>
        BulkInsertCoreAsync(entities, CopyAsync, cancellationToken);

    protected override Interaction Read(NpgsqlDataReader reader) => InteractionRows.Read(reader, Session.TenantId);

    protected override (string Column, byte Kind, bool Descending) SortKey(SortOrder order) =>
        order is SortOrder.CreatedDescending or SortOrder.UpdatedDescending
            ? ("occurred_at", (byte)SortOrder.CreatedDescending, true)
            : ("occurred_at", (byte)SortOrder.CreatedAscending, false);

    protected override long SortValue(Interaction entity, SortOrder order) => entity.OccurredAt.UtcTicks;

    private async Task<int> CopyAsync(IEnumerable<Interaction> entities, List<Guid> ids, CancellationToken cancellationToken)
    {
        var table = InteractionRows.Table;
        var row = new object?[table.Width];
        using var json = new JsonColumns();
        var count = 0;
        var importer = await Session.Connection.BeginBinaryImportAsync(table.CopySql, cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            foreach (var entity in entities)
            {
                cancellationToken.ThrowIfCancellationRequested();
                CheckTenant(entity);
                InteractionRows.Validate(entity);
                ids.Add(entity.Id);
                table.Fill(row, entity, 1, json);
                await table.WriteAsync(importer, row, cancellationToken).ConfigureAwait(false);
                count++;
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        return count;
    }

    private NpgsqlCommand Command(string sql, Interaction entity, long version)
    {
        var table = InteractionRows.Table;
        var row = new object?[table.Width];
        using var json = new JsonColumns();
        table.Fill(row, entity, version, json);
        var command = Session.CreateCommand(sql);
        table.Bind(command, row);
        return command;
    }
}
