using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Postgres.Querying;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;
using NpgsqlTypes;

using Crm.Plugins.Storage.Serialization;

namespace Crm.Plugins.Storage.Postgres.Customers;

/// <summary>
/// Stores customers in <c>customers</c>, one row each: every address is also kept in lower case in the GIN-indexed
/// <c>email_keys</c> array, so <see cref="FindByEmailAsync"/> is one index lookup for any of a customer's addresses
/// and a bulk insert writes one table.
/// </summary>
internal class PostgresCustomerRepository(PostgresStorageSession session) : PostgresRepository<Customer>(session), ICustomerRepository
{
    private const string EntityType = "Customer";

    protected override string EntityName => EntityType;

    protected override string Table => "customers";

    protected override string Alias => "c";

    protected override string SelectList => CustomerRows.SelectList;

    protected override FieldCatalog Catalog => CrmFields.Customer;

    protected override PgFieldMap Fields => PgFieldMaps.Customer;

    public async Task<Customer?> FindByEmailAsync(string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        using var command = Session.CreateCommand(CustomerRows.FindByEmailSql);
        AddTenant(command);
        command.Parameters.Add(new NpgsqlParameter("email", NpgsqlDbType.Text) { Value = email.ToLowerInvariant() });
        return await ReadSingleAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Customer?> FindByExternalIdAsync(string externalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(externalId);
        using var command = Session.CreateCommand(CustomerRows.FindByExternalIdSql);
        AddTenant(command);
        command.Parameters.Add(new NpgsqlParameter("externalId", NpgsqlDbType.Text) { Value = externalId });
        return await ReadSingleAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public override async Task<Customer> InsertAsync(Customer entity, CancellationToken cancellationToken)
    {
        CheckTenant(entity);
        Validate(entity);
        using var command = Command(CustomerRows.Table.InsertSql, entity, 1);
        await ExecuteWriteAsync(command, entity.Id, cancellationToken).ConfigureAwait(false);
        return entity with { Version = 1 };
    }

    public override async Task<Customer> UpdateAsync(Customer entity, CancellationToken cancellationToken)
    {
        CheckTenant(entity);
        Validate(entity);
        using var command = Command(CustomerRows.Table.UpdateSql, entity, entity.Version);
        if (await ExecuteWriteAsync(command, entity.Id, cancellationToken).ConfigureAwait(false) == 0)
        {
            var actual = await ReadVersionAsync(entity.Id, cancellationToken).ConfigureAwait(false);
            throw new CrmConcurrencyException(EntityType, entity.Id, entity.Version, actual);
        }

        return entity with { Version = entity.Version + 1 };
    }

    public override Task<int> BulkInsertAsync(IEnumerable<Customer> entities, CancellationToken cancellationToken) =>
        BulkInsertCoreAsync(entities, CopyAsync, cancellationToken);

    protected override Customer Read(NpgsqlDataReader reader) => CustomerRows.Read(reader, Session.TenantId);

    protected override (string Column, byte Kind, bool Descending) SortKey(SortOrder order) => order switch
    {
        SortOrder.CreatedDescending => ("created_at", (byte)order, true),
        SortOrder.UpdatedAscending => ("updated_at", (byte)order, false),
        SortOrder.UpdatedDescending => ("updated_at", (byte)order, true),
        _ => ("created_at", (byte)SortOrder.CreatedAscending, false),
    };

    protected override long SortValue(Customer entity, SortOrder order) =>
        order is SortOrder.UpdatedAscending or SortOrder.UpdatedDescending ? entity.UpdatedAt.UtcTicks : entity.CreatedAt.UtcTicks;

    private async Task<int> CopyAsync(IEnumerable<Customer> entities, List<Guid> ids, CancellationToken cancellationToken)
    {
        var table = CustomerRows.Table;
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
                Validate(entity);
                ids.Add(entity.Id);
                table.Fill(row, entity, 1, json);
                await table.WriteAsync(importer, row, cancellationToken).ConfigureAwait(false);
                count++;
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        return count;
    }

    private NpgsqlCommand Command(string sql, Customer entity, long version)
    {
        var table = CustomerRows.Table;
        var row = new object?[table.Width];
        using var json = new JsonColumns();
        table.Fill(row, entity, version, json);
        var command = Session.CreateCommand(sql);
        table.Bind(command, row);
        return command;
    }

    private static void Validate(Customer entity)
    {
        if (CustomerRows.Validate(entity) is { } errors)
        {
            throw new CrmValidationException(errors);
        }
    }

    private async Task<Customer?> ReadSingleAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
        }
    }
}
