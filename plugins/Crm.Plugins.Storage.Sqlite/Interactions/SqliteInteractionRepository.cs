using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Sqlite.Querying;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

using Crm.Plugins.Storage.Serialization;

namespace Crm.Plugins.Storage.Sqlite.Interactions;

/// <summary>Stores interactions in <c>interactions</c>; the timeline reads <c>ix_interactions_timeline</c> backwards-free.</summary>
internal sealed class SqliteInteractionRepository(SqliteStorageSession session) : SqliteRepository<Interaction>(session), IInteractionRepository
{
    /// <summary>The first page of a timeline; the tests check that its plan uses <c>ix_interactions_timeline</c>.</summary>
    internal const string TimelineSql =
        "SELECT " + InteractionRows.SelectList + " FROM interactions i WHERE i.tenant_id = @tenant AND i.customer_id = @customer " +
        "ORDER BY i.occurred_at DESC, i.id DESC LIMIT @limit;";

    /// <summary>A later page of a timeline, after the key and id of the previous page's last interaction.</summary>
    internal const string TimelineAfterSql =
        "SELECT " + InteractionRows.SelectList + " FROM interactions i WHERE i.tenant_id = @tenant AND i.customer_id = @customer " +
        "AND (i.occurred_at, i.id) < (@afterKey, @afterId) ORDER BY i.occurred_at DESC, i.id DESC LIMIT @limit;";

    private const string EntityType = "Interaction";

    protected override string EntityName => EntityType;

    protected override string Table => "interactions";

    protected override string Alias => "i";

    protected override string SelectList => InteractionRows.SelectList;

    protected override FieldCatalog Catalog => CrmFields.Interaction;

    protected override SqlFieldMap Fields => SqlFieldMaps.Interaction;

    public Task<Page<Interaction>> GetTimelineAsync(Guid customerId, PageRequest page, CancellationToken cancellationToken) =>
        ReadNewestFirstForCustomerAsync(TimelineSql, TimelineAfterSql, customerId, page, i => i.OccurredAt.UtcTicks, cancellationToken);

    public override async Task<Interaction> InsertAsync(Interaction entity, CancellationToken cancellationToken)
    {
        CheckTenant(entity);
        InteractionRows.Validate(entity);
        using var command = Session.CreateCommand(InteractionRows.InsertSql);
        InteractionRows.AddParameters(command);
        using var json = new JsonColumns();
        InteractionRows.Bind(command.Parameters, entity, 1, json);
        await ExecuteInsertAsync(command, entity.Id, cancellationToken).ConfigureAwait(false);
        return entity with { Version = 1 };
    }

    public override async Task<Interaction> UpdateAsync(Interaction entity, CancellationToken cancellationToken)
    {
        CheckTenant(entity);
        InteractionRows.Validate(entity);
        using var command = Session.CreateCommand(InteractionRows.UpdateSql);
        InteractionRows.AddParameters(command);
        using var json = new JsonColumns();
        InteractionRows.Bind(command.Parameters, entity, entity.Version, json);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            var actual = await ReadVersionAsync(entity.Id, cancellationToken).ConfigureAwait(false);
            throw new CrmConcurrencyException(EntityType, entity.Id, entity.Version, actual);
        }

        return entity with { Version = entity.Version + 1 };
    }

    public override Task<int> BulkInsertAsync(IEnumerable<Interaction> entities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var count = 0;
        using var json = new JsonColumns();
        using var scope = Session.BeginWrite();
        using (var command = Session.CreateCommand(InteractionRows.InsertSql))
        {
            InteractionRows.AddParameters(command);
            foreach (var entity in entities)
            {
                cancellationToken.ThrowIfCancellationRequested();
                CheckTenant(entity);
                InteractionRows.Validate(entity);
                InteractionRows.Bind(command.Parameters, entity, 1, json);
                try
                {
                    command.ExecuteNonQuery();
                }
                catch (SqliteException e) when (SqliteValues.IsDuplicateKey(e))
                {
                    throw new CrmDuplicateException(EntityType, entity.Id, e);
                }

                count++;
            }
        }

        scope.Commit();
        return Task.FromResult(count);
    }

    protected override Interaction Read(SqliteDataReader reader) => InteractionRows.Read(reader, Session.TenantId);

    protected override (string Column, byte Kind, bool Descending) SortKey(SortOrder order) =>
        order is SortOrder.CreatedDescending or SortOrder.UpdatedDescending
            ? ("occurred_at", (byte)SortOrder.CreatedDescending, true)
            : ("occurred_at", (byte)SortOrder.CreatedAscending, false);

    protected override long SortValue(Interaction entity, SortOrder order) => entity.OccurredAt.UtcTicks;

    private static async Task ExecuteInsertAsync(SqliteCommand command, Guid id, CancellationToken cancellationToken)
    {
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (SqliteValues.IsDuplicateKey(e))
        {
            throw new CrmDuplicateException(EntityType, id, e);
        }
    }
}
