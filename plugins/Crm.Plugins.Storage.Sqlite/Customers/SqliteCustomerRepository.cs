using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Sqlite.Querying;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

using Crm.Plugins.Storage.Serialization;

namespace Crm.Plugins.Storage.Sqlite.Customers;

/// <summary>
/// Stores customers in <c>customers</c>. The primary address is kept in lower case in the indexed <c>email</c>
/// column and further addresses in <c>customer_emails</c>, so <see cref="FindByEmailAsync"/> is two index seeks for
/// any of a customer's addresses while a bulk insert of one-address customers writes no extra rows.
/// </summary>
internal class SqliteCustomerRepository(SqliteStorageSession session) : SqliteRepository<Customer>(session), ICustomerRepository
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
        using var command = Session.CreateCommand(CustomerRows.FindByEmailSql);
        command.Parameters.AddWithValue("@tenant", Session.TenantId);
        command.Parameters.AddWithValue("@email", email.ToLowerInvariant());
        return await ReadSingleAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Customer?> FindByExternalIdAsync(string externalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(externalId);
        using var command = Session.CreateCommand(CustomerRows.FindByExternalIdSql);
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
        writer.Write(entity, version: 1, previousEmails: []);
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
        if (!writer.Write(entity, entity.Version, await ReadEmailsAsync(entity.Id, cancellationToken).ConfigureAwait(false)))
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
                writer.Write(entity, version: 1, previousEmails: []);
                count++;
            }
        }

        scope.Commit();
        return Task.FromResult(count);
    }

    public override async Task DeleteAsync(Guid id, long expectedVersion, CancellationToken cancellationToken)
    {
        using var scope = Session.BeginWrite();
        IReadOnlyList<string>? emails = null;
        using (var command = Session.CreateCommand(CustomerRows.DeleteSql))
        {
            command.Parameters.AddWithValue("@tenant", Session.TenantId);
            command.Parameters.AddWithValue("@id", id);
            command.Parameters.AddWithValue("@version", expectedVersion);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    emails = JsonColumns.ReadStrings(reader.GetString(0));
                }
            }
        }

        if (emails is null)
        {
            var actual = await ReadVersionAsync(id, cancellationToken).ConfigureAwait(false);
            throw actual is null
                ? new CrmNotFoundException(EntityType, id)
                : new CrmConcurrencyException(EntityType, id, expectedVersion, actual);
        }

        using (var delete = Session.CreateCommand(CustomerRows.DeleteEmailSql))
        {
            CustomerRows.AddEmailParameters(delete);
            delete.Parameters[0].Value = Session.TenantId;
            delete.Parameters[2].Value = id;
            foreach (var address in CustomerRows.SecondaryEmails(emails))
            {
                delete.Parameters[1].Value = address;
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        scope.Commit();
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

    private async Task<IReadOnlyList<string>> ReadEmailsAsync(Guid id, CancellationToken cancellationToken)
    {
        using var command = Session.CreateCommand(CustomerRows.ReadEmailsSql);
        command.Parameters.AddWithValue("@tenant", Session.TenantId);
        command.Parameters.AddWithValue("@customer", id);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json ? JsonColumns.ReadStrings(json) : [];
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
    /// Writes customers with prepared statements (row, secondary addresses) that are reused for every record, so bulk
    /// inserts only rebind values; new rows go through a positional <see cref="SqliteRawStatement"/>.
    /// </summary>
    private sealed class Writer : IDisposable
    {
        private readonly SqliteCommand? _update;
        private readonly SqliteRawStatement? _insert;
        private readonly SqliteCommand _email;
        private readonly SqliteCommand? _deleteEmail;
        private readonly JsonColumns _json = new();

        public Writer(SqliteStorageSession session, bool update)
        {
            if (update)
            {
                _update = session.CreateCommand(CustomerRows.UpdateSql);
                CustomerRows.AddParameters(_update);
                _deleteEmail = session.CreateCommand(CustomerRows.DeleteEmailSql);
                CustomerRows.AddEmailParameters(_deleteEmail);
            }
            else
            {
                _insert = SqliteRawStatement.Prepare(session, CustomerRows.InsertRawSql);
            }

            _email = session.CreateCommand(CustomerRows.InsertEmailSql);
            CustomerRows.AddEmailParameters(_email);
        }

        /// <summary>Writes one customer; returns <see langword="false"/> when an update found no row at the version.</summary>
        /// <param name="customer">The customer.</param>
        /// <param name="version">The version to insert, or the version an update expects.</param>
        /// <param name="previousEmails">The addresses stored before an update, whose index rows are replaced.</param>
        public bool Write(Customer customer, long version, IReadOnlyList<string> previousEmails)
        {
            try
            {
                if (_insert is not null)
                {
                    CustomerRows.BindRaw(_insert, customer, version, _json);
                    _insert.Execute();
                }
                else
                {
                    CustomerRows.Bind(_update!.Parameters, customer, version, _json);
                    if (_update.ExecuteNonQuery() == 0)
                    {
                        return false;
                    }
                }
            }
            catch (SqliteException e) when (SqliteValues.IsDuplicateKey(e))
            {
                throw new CrmDuplicateException(EntityType, customer.Id, e);
            }

            if (_deleteEmail is not null)
            {
                Run(_deleteEmail, customer, CustomerRows.SecondaryEmails(previousEmails));
            }

            if (customer.Emails.Count > 1)
            {
                Run(_email, customer, CustomerRows.SecondaryEmails(customer.Emails));
            }

            return true;
        }

        public void Dispose()
        {
            _update?.Dispose();
            _insert?.Dispose();
            _email.Dispose();
            _deleteEmail?.Dispose();
            _json.Dispose();
        }

        private static void Run(SqliteCommand command, Customer customer, IEnumerable<string> addresses)
        {
            command.Parameters[0].Value = customer.TenantId;
            command.Parameters[2].Value = customer.Id;
            foreach (var address in addresses)
            {
                command.Parameters[1].Value = address;
                command.ExecuteNonQuery();
            }
        }
    }
}
