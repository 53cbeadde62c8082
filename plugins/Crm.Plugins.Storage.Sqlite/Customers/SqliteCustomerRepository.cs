using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Sqlite.Querying;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Customers;

/// <summary>
/// Stores customers in <c>customers</c>, with every email address also in <c>customer_emails</c> (lower case) so
/// that <see cref="FindByEmailAsync"/> is an index seek for any of a customer's addresses.
/// </summary>
internal sealed class SqliteCustomerRepository(SqliteStorageSession session) : SqliteRepository<Customer>(session), ICustomerRepository
{
    private const string EntityType = "Customer";

    protected override string EntityName => EntityType;

    protected override string Table => "customers";

    protected override string Alias => "c";

    protected override string SelectList => CustomerRows.SelectList;

    protected override FieldCatalog Catalog => CrmFields.Customer;

    protected override SqlFieldMap Fields => SqlFieldMaps.Customer;

    public async Task<Customer?> FindByEmailAsync(string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        using var command = Session.CreateCommand(
            $"SELECT {SelectList} FROM customer_emails e JOIN customers c ON c.tenant_id = e.tenant_id AND c.id = e.customer_id " +
            "WHERE e.tenant_id = @tenant AND e.email = @email ORDER BY c.created_at, c.id LIMIT 1;");
        command.Parameters.AddWithValue("@tenant", Session.TenantId);
        command.Parameters.AddWithValue("@email", email.ToLowerInvariant());
        return await ReadSingleAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Customer?> FindByExternalIdAsync(string externalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(externalId);
        using var command = Session.CreateCommand(
            $"SELECT {SelectList} FROM customers c WHERE c.tenant_id = @tenant AND c.external_id = @externalId ORDER BY c.created_at, c.id LIMIT 1;");
        command.Parameters.AddWithValue("@tenant", Session.TenantId);
        command.Parameters.AddWithValue("@externalId", externalId);
        return await ReadSingleAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public override Task<Customer> InsertAsync(Customer entity, CancellationToken cancellationToken)
    {
        CheckTenant(entity);
        Validate(entity);
        cancellationToken.ThrowIfCancellationRequested();
        using var scope = Session.BeginWrite();
        using var writer = new Writer(Session, update: false);
        writer.Write(entity, version: 1);
        scope.Commit();
        return Task.FromResult(entity with { Version = 1 });
    }

    public override async Task<Customer> UpdateAsync(Customer entity, CancellationToken cancellationToken)
    {
        CheckTenant(entity);
        Validate(entity);
        cancellationToken.ThrowIfCancellationRequested();
        using var scope = Session.BeginWrite();
        using var writer = new Writer(Session, update: true);
        if (!writer.Write(entity, entity.Version))
        {
            var actual = await ReadVersionAsync(entity.Id, cancellationToken).ConfigureAwait(false);
            throw new CrmConcurrencyException(EntityType, entity.Id, entity.Version, actual);
        }

        scope.Commit();
        return entity with { Version = entity.Version + 1 };
    }

    public override Task<int> BulkInsertAsync(IEnumerable<Customer> entities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var count = 0;
        using var scope = Session.BeginWrite();
        using (var writer = new Writer(Session, update: false))
        {
            foreach (var entity in entities)
            {
                cancellationToken.ThrowIfCancellationRequested();
                CheckTenant(entity);
                Validate(entity);
                writer.Write(entity, version: 1);
                count++;
            }
        }

        scope.Commit();
        return Task.FromResult(count);
    }

    protected override Customer Read(SqliteDataReader reader) => CustomerRows.Read(reader, Session.TenantId);

    protected override (string Column, byte Kind, bool Descending) SortKey(SortOrder order) => order switch
    {
        SortOrder.CreatedDescending => ("created_at", (byte)order, true),
        SortOrder.UpdatedAscending => ("updated_at", (byte)order, false),
        SortOrder.UpdatedDescending => ("updated_at", (byte)order, true),
        _ => ("created_at", (byte)SortOrder.CreatedAscending, false),
    };

    protected override long SortValue(Customer entity, SortOrder order) =>
        order is SortOrder.UpdatedAscending or SortOrder.UpdatedDescending ? entity.UpdatedAt.UtcTicks : entity.CreatedAt.UtcTicks;

    private static void Validate(Customer entity)
    {
        if (CustomerRows.Validate(entity) is { } errors)
        {
            throw new CrmValidationException(errors);
        }
    }

    private async Task<Customer?> ReadSingleAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
        }
    }

    /// <summary>
    /// Writes customers with two prepared commands (row, email index) that are reused for every record, so bulk
    /// inserts only rebind parameters.
    /// </summary>
    private sealed class Writer : IDisposable
    {
        private readonly SqliteCommand _row;
        private readonly SqliteCommand _email;
        private readonly SqliteCommand? _deleteEmails;
        private readonly JsonColumns _json = new();
        private readonly bool _update;

        public Writer(SqliteStorageSession session, bool update)
        {
            _update = update;
            _row = session.CreateCommand(update ? CustomerRows.UpdateSql : CustomerRows.InsertSql);
            CustomerRows.AddParameters(_row);
            _email = session.CreateCommand(CustomerRows.InsertEmailSql);
            CustomerRows.AddEmailParameters(_email);
            if (update)
            {
                _deleteEmails = session.CreateCommand(CustomerRows.DeleteEmailsSql);
                _deleteEmails.Parameters.AddWithValue("@tenant", session.TenantId);
                _deleteEmails.Parameters.Add(new SqliteParameter("@customer", null));
            }
        }

        /// <summary>Writes one customer; returns <see langword="false"/> when an update found no row at the version.</summary>
        public bool Write(Customer customer, long version)
        {
            CustomerRows.Bind(_row.Parameters, customer, version, _json);
            try
            {
                if (_row.ExecuteNonQuery() == 0)
                {
                    return false;
                }
            }
            catch (SqliteException e) when (SqliteValues.IsDuplicateKey(e))
            {
                throw new CrmDuplicateException(EntityType, customer.Id, e);
            }

            if (_deleteEmails is not null)
            {
                _deleteEmails.Parameters[1].Value = customer.Id;
                _deleteEmails.ExecuteNonQuery();
            }

            if (customer.Emails.Count > 0)
            {
                _email.Parameters[0].Value = customer.TenantId;
                _email.Parameters[2].Value = customer.Id;
                foreach (var address in customer.Emails)
                {
                    _email.Parameters[1].Value = address.ToLowerInvariant();
                    _email.ExecuteNonQuery();
                }
            }

            return true;
        }

        public void Dispose()
        {
            _row.Dispose();
            _email.Dispose();
            _deleteEmails?.Dispose();
            _json.Dispose();
        }
    }
}
