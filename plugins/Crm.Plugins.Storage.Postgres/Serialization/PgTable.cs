using Npgsql;
using NpgsqlTypes;

using Crm.Plugins.Storage.Serialization;

namespace Crm.Plugins.Storage.Postgres.Serialization;

/// <summary>
/// Describes the columns of one table once, so INSERT, versioned UPDATE and binary COPY bind the same values in the
/// same order and cannot drift apart.
/// </summary>
/// <typeparam name="T">The record a row is made from.</typeparam>
internal sealed class PgTable<T>
{
    private readonly (string Name, NpgsqlDbType Type)[] _columns;
    private readonly Action<object?[], T, long, JsonColumns> _fill;

    /// <param name="table">The table name.</param>
    /// <param name="columns">The columns in row order; the first three must be tenant_id, id, version for updates.</param>
    /// <param name="fill">Writes a record's values (null for SQL NULL) into a row array, given the version to store.</param>
    public PgTable(string table, (string Name, NpgsqlDbType Type)[] columns, Action<object?[], T, long, JsonColumns> fill)
    {
        _columns = columns;
        _fill = fill;
        var names = string.Join(", ", columns.Select(c => c.Name));
        InsertSql = $"INSERT INTO {table} ({names}) VALUES ({string.Join(", ", columns.Select(c => "@" + c.Name))});";
        UpdateSql = $"UPDATE {table} SET version = @version + 1, " +
            string.Join(", ", columns.Skip(3).Select(c => $"{c.Name} = @{c.Name}")) +
            " WHERE tenant_id = @tenant_id AND id = @id AND version = @version;";
        CopySql = $"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)";
    }

    public string InsertSql { get; }

    /// <summary>Gets the compare-and-swap update: a stale writer changes no row.</summary>
    public string UpdateSql { get; }

    public string CopySql { get; }

    public int Width => _columns.Length;

    public void Fill(object?[] row, T record, long version, JsonColumns json) => _fill(row, record, version, json);

    /// <summary>Adds one typed parameter per column to a command and binds a row to them.</summary>
    public void Bind(NpgsqlCommand command, object?[] row)
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            command.Parameters.Add(new NpgsqlParameter(_columns[i].Name, _columns[i].Type) { Value = row[i] ?? DBNull.Value });
        }
    }

    /// <summary>Writes a row to a binary import.</summary>
    public async Task WriteAsync(NpgsqlBinaryImporter importer, object?[] row, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < _columns.Length; i++)
        {
            if (row[i] is { } value)
            {
                await importer.WriteAsync(value, _columns[i].Type, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
