using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Crm.Engine.Benchmarks.CustomerData;

/// <summary>
/// What SQLite alone needs to store what the CSV import stores: the rows and audit records of a real 1,000-row import
/// (same schema, same indexes, same values and sizes) inserted again and again with only their keys changed, through
/// prepared statements bound to ready UTF-8 values, in 5,000-row transactions, with no parsing, validation, mapping or
/// JSON on the way and no checkpoint during the load (the most favourable setting for SQLite). Whatever rate this
/// reaches is a ceiling for the import on this machine with this schema. Run:
/// <c>dotnet run -c Release --project benchmarks/Crm.Engine.Benchmarks -- import-floor [rows] [audit|no-audit] [sequential|random]</c>.
/// </summary>
internal static class ImportFloorRun
{
    private const int BatchSize = 5_000;
    private const int TemplateRows = 1_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var audit = args.Length < 2 || args[1] != "no-audit";
        var random = args.Length > 2 && args[2] == "random";
        var (customers, audits) = await ImportTemplatesAsync().ConfigureAwait(false);

        var path = Storage.BenchmarkData.NewDatabasePath();
        var (services, _) = CustomerDataBench.CreateEngine(path);
        await services.DisposeAsync().ConfigureAwait(false);
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        Execute(connection, "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0;");
        var db = connection.Handle!;
        using var insertCustomer = new Insert(db, "customers", customers);
        using var insertAudit = new Insert(db, "audit_log", audits);

        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        TimeSpan customerTime = default, auditTime = default, commitTime = default;
        for (var batchStart = 0; batchStart < rows; batchStart += BatchSize)
        {
            var batchEnd = Math.Min(rows, batchStart + BatchSize);
            var mark = watch.Elapsed;
            Execute(connection, "BEGIN;");
            for (var i = batchStart; i < batchEnd; i++)
            {
                insertCustomer.Run(i % TemplateRows, i, random);
            }

            customerTime += watch.Elapsed - mark;
            mark = watch.Elapsed;
            if (audit)
            {
                for (var i = batchStart; i < batchEnd; i++)
                {
                    insertAudit.Run(i % TemplateRows, i, random);
                }
            }

            auditTime += watch.Elapsed - mark;
            mark = watch.Elapsed;
            Execute(connection, "COMMIT;");
            commitTime += watch.Elapsed - mark;
        }

        watch.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        CheckCount(connection, "customers", rows);
        CheckCount(connection, "audit_log", audit ? rows : 0);
        var checkpoint = Stopwatch.StartNew();
        Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        checkpoint.Stop();
        connection.Close();
        Storage.BenchmarkData.DeleteDatabase(path);
        var perRow = 1_000_000.0 / rows;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"floor rows={rows} keys={(random ? "random" : "sequential")} audit={audit} wall={watch.Elapsed.TotalSeconds:F2}s rows/s={rows / watch.Elapsed.TotalSeconds:F0} " +
            $"cpu={cpu.TotalSeconds:F2}s per row: customers {customerTime.TotalSeconds * perRow:F2}us audit {auditTime.TotalSeconds * perRow:F2}us commit {commitTime.TotalSeconds * perRow:F2}us; " +
            $"checkpoint-after={checkpoint.Elapsed.TotalSeconds:F2}s (rows/s with it {rows / (watch.Elapsed + checkpoint.Elapsed).TotalSeconds:F0}) load={File.ReadAllText("/proc/loadavg").Trim()}"));
        return 0;
    }

    /// <summary>Imports the first rows of the benchmark file through the engine and reads back what it stored.</summary>
    private static async Task<(Template Customers, Template Audits)> ImportTemplatesAsync()
    {
        var file = new CsvImportBenchmark();
        file.WriteCsv();
        var lines = File.ReadLines(file.CsvPath).Take(TemplateRows + 1);
        var path = Storage.BenchmarkData.NewDatabasePath();
        var (services, crm) = CustomerDataBench.CreateEngine(path);
        var result = await crm.Csv.ImportAsync(ImportKind.Customers, new StringReader(string.Join('\n', lines))).ConfigureAwait(false);
        if (result.Inserted != TemplateRows)
        {
            throw new InvalidOperationException($"The template import inserted {result.Inserted} of {TemplateRows} rows.");
        }

        await services.DisposeAsync().ConfigureAwait(false);
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        var templates = (Template.Read(connection, "customers", "created_at, id"), Template.Read(connection, "audit_log", "seq"));
        connection.Close();
        Storage.BenchmarkData.DeleteDatabase(path);
        return templates;
    }

    /// <summary>Fails the run unless every insert stored its row: a floor measured on fewer rows would mean nothing.</summary>
    private static void CheckCount(SqliteConnection connection, string table, long expected)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table};";
        var stored = (long)command.ExecuteScalar()!;
        if (stored != expected)
        {
            throw new InvalidOperationException($"{table} holds {stored} rows, not {expected}.");
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The stored rows of one table: column names and every value, text already encoded as UTF-8.</summary>
    private sealed record Template(string[] Columns, object?[][] Rows)
    {
        public static Template Read(SqliteConnection connection, string table, string order)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY {order};";
            using var reader = command.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            var rows = new List<object?[]>();
            while (reader.Read())
            {
                rows.Add(columns.Select((_, i) => reader.IsDBNull(i) ? null : reader.GetValue(i) switch
                {
                    string text => (object)Encoding.UTF8.GetBytes(text),
                    var value => value,
                }).ToArray());
            }

            return new Template(columns, rows.ToArray());
        }
    }

    /// <summary>One prepared insert of a template row with its keys replaced by row <c>i</c>'s.</summary>
    private sealed class Insert : IDisposable
    {
        private readonly sqlite3_stmt _statement;
        private readonly Template _template;
        private readonly bool[] _isKey;
        private readonly int _skip;

        public Insert(sqlite3 db, string table, Template template)
        {
            _template = template;
            // The audit log's seq is the rowid: SQLite assigns it, as it does for the import.
            _skip = Array.IndexOf(template.Columns, "seq");
            var columns = template.Columns.Where((_, i) => i != _skip).ToArray();
            var sql = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "?" + (i + 1)))});";
            if (raw.sqlite3_prepare_v2(db, sql, out _statement) != raw.SQLITE_OK)
            {
                throw new InvalidOperationException(raw.sqlite3_errmsg(db).utf8_to_string());
            }

            _isKey = template.Columns.Select(name => name is "id" or "external_id" or "email" or "record_id" or "customer_id").ToArray();
        }

        public void Run(int template, int row, bool random)
        {
            var values = _template.Rows[template];
            Span<byte> key = stackalloc byte[64];
            for (int column = 0, parameter = 1; column < values.Length; column++)
            {
                if (column == _skip)
                {
                    continue;
                }

                var value = values[column];
                var rc = _isKey[column] && value is byte[] text
                    ? raw.sqlite3_bind_text(_statement, parameter, Key(_template.Columns[column], text, row, random, key))
                    : value switch
                    {
                        null => raw.sqlite3_bind_null(_statement, parameter),
                        long number => raw.sqlite3_bind_int64(_statement, parameter, number),
                        byte[] bytes => raw.sqlite3_bind_text(_statement, parameter, bytes),
                        _ => throw new InvalidOperationException($"Unexpected {value.GetType()} in column {_template.Columns[column]}."),
                    };
                if (rc != raw.SQLITE_OK)
                {
                    throw new InvalidOperationException($"bind {_template.Columns[column]}: {rc}");
                }

                parameter++;
            }

            var step = raw.sqlite3_step(_statement);
            raw.sqlite3_reset(_statement);
            if (step != raw.SQLITE_DONE)
            {
                throw new InvalidOperationException($"insert failed: {step}");
            }
        }

        public void Dispose() => _statement.Dispose();

        /// <summary>Row <paramref name="row"/>'s key of the same shape as the template's: ascending ids, sequential or scattered external ids and e-mails.</summary>
        private static ReadOnlySpan<byte> Key(string column, byte[] template, int row, bool random, Span<byte> buffer)
        {
            if (column is "id" or "record_id" or "customer_id")
            {
                if (template.Length != 36)
                {
                    throw new InvalidOperationException($"Column {column} holds '{Encoding.UTF8.GetString(template)}', not an identifier.");
                }

                // Version 7 ids of one import ascend: keep the template's prefix, count up in the last 12 hex digits.
                template.AsSpan(0, 24).CopyTo(buffer);
                ((ulong)row).TryFormat(buffer[24..36], out _, "X12", CultureInfo.InvariantCulture);
                return buffer[..36];
            }

            // The same keys as the benchmark file's: erp-N and cN@example.com.
            var mailbox = column == "email";
            var prefix = mailbox ? "c"u8 : "erp-"u8;
            var suffix = mailbox ? "@example.com"u8 : ""u8;
            prefix.CopyTo(buffer);
            CsvImportBenchmark.KeyNumber(row, random, mailbox).TryFormat(buffer[prefix.Length..], out var written, CsvImportBenchmark.KeyFormat(random), CultureInfo.InvariantCulture);
            suffix.CopyTo(buffer[(prefix.Length + written)..]);
            return buffer[..(prefix.Length + written + suffix.Length)];
        }
    }
}
