using Crm.Engine.Storage;
using Crm.Plugins.Storage.Serialization;

namespace Crm.Plugins.Storage.Sqlite.CustomerData;

/// <summary>Stores custom field definitions as JSON rows of <c>custom_fields</c>.</summary>
internal sealed class SqliteCustomFieldStore(SqliteStorageSession session) : ICustomFieldStore
{
    public async Task<IReadOnlyList<CustomFieldDefinition>> ListAsync(CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand("SELECT definition FROM custom_fields WHERE tenant_id = @tenant ORDER BY key;");
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        var result = new List<CustomFieldDefinition>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(CustomerDataJson.ReadDefinition(reader.GetString(0)));
            }
        }

        return result;
    }

    public async Task UpsertAsync(CustomFieldDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        using var command = session.CreateCommand("INSERT INTO custom_fields (tenant_id, key, definition) VALUES (@tenant, @key, @definition) ON CONFLICT (tenant_id, key) DO UPDATE SET definition = excluded.definition;");
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@key", definition.Key);
        command.Parameters.AddWithValue("@definition", CustomerDataJson.WriteDefinition(definition));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand("DELETE FROM custom_fields WHERE tenant_id = @tenant AND key = @key;");
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@key", key);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }
}
