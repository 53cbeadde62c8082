using System.Buffers;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Crm.Engine.Benchmarks.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Crm.Engine.Benchmarks.Postgres;

/// <summary>
/// Inserts customers through <c>BulkInsertAsync</c> of the PostgreSQL provider (binary COPY, validation, JSONB
/// attributes, lower-cased email keys), side by side with hand-written Npgsql binary COPY of the same columns and
/// values into the same table and indexes. Rows per second = rows / mean. The row count comes from
/// <c>CRM_PG_BENCH_ROWS</c> (default 100,000); the goal is 1,000,000 at ≥ 60 % of the raw rows/s.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class PostgresBulkInsertBenchmark : IDisposable
{
    private static readonly string Copy =
        "COPY customers (tenant_id, id, version, external_id, first_name, last_name, company, email_keys, emails, phones, birth_date, gender, " +
        "city, region, country, postal_code, income_band, lifecycle_stage, owner_id, tags, attributes, attribute_kinds, created_at, " +
        "created_at_tick, updated_at, updated_at_tick) FROM STDIN (FORMAT BINARY)";

    private Customer[] _customers = [];
    private PostgresBenchmarkSetup? _setup;

    public static int Rows { get; } = PostgresBenchmarkSetup.Size("CRM_PG_BENCH_ROWS", 100_000);

    [GlobalSetup]
    public void Start()
    {
        _customers = BenchmarkData.Customers(Rows);
        _setup = PostgresBenchmarkSetup.StartAsync().GetAwaiter().GetResult();
        Console.WriteLine($"// Rows: {Rows}");
    }

    [IterationSetup]
    public void EmptyTable() => _setup!.Execute("TRUNCATE customers; CHECKPOINT;");

    [GlobalCleanup]
    public void Stop() => _setup?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Hand-written Npgsql binary COPY of the same columns: the fastest plain way to fill the table.</summary>
    [Benchmark(Baseline = true)]
    public int RawBinaryCopy()
    {
        using var connection = new NpgsqlConnection(_setup!.ConnectionString);
        connection.Open();
        var buffer = new ArrayBufferWriter<byte>(256);
        using var json = new Utf8JsonWriter(buffer);
        using var importer = connection.BeginBinaryImport(Copy);
        foreach (var c in _customers)
        {
            var d = c.Demographics;
            importer.StartRow();
            importer.Write(c.TenantId, NpgsqlDbType.Text);
            importer.Write(c.Id, NpgsqlDbType.Uuid);
            importer.Write(1L, NpgsqlDbType.Bigint);
            WriteText(importer, c.ExternalId);
            importer.Write(c.FirstName, NpgsqlDbType.Text);
            importer.Write(c.LastName, NpgsqlDbType.Text);
            WriteText(importer, c.Company);
            importer.Write(c.Emails.Select(e => e.ToLowerInvariant()).Distinct().ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
            importer.Write(c.Emails.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
            importer.Write(c.Phones.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
            if (d.BirthDate is { } birth)
            {
                importer.Write(birth, NpgsqlDbType.Date);
            }
            else
            {
                importer.WriteNull();
            }

            WriteText(importer, d.Gender);
            WriteText(importer, d.City);
            WriteText(importer, d.Region);
            WriteText(importer, d.Country);
            WriteText(importer, d.PostalCode);
            WriteText(importer, d.IncomeBand);
            importer.Write(c.LifecycleStage.ToString(), NpgsqlDbType.Text);
            WriteText(importer, c.OwnerId);
            importer.Write(c.Tags.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
            buffer.ResetWrittenCount();
            json.Reset();
            json.WriteStartObject();
            foreach (var (key, value) in c.Attributes)
            {
                switch (value.Kind)
                {
                    case AttributeKind.Number: json.WriteNumber(key, value.AsNumber()); break;
                    case AttributeKind.Boolean: json.WriteBoolean(key, value.AsBoolean()); break;
                    default: json.WriteString(key, value.ToString()); break;
                }
            }

            json.WriteEndObject();
            json.Flush();
            importer.Write(Encoding.UTF8.GetString(buffer.WrittenSpan), NpgsqlDbType.Jsonb);
            importer.WriteNull();
            importer.Write(new DateTimeOffset(c.CreatedAt.UtcTicks / 10 * 10, TimeSpan.Zero), NpgsqlDbType.TimestampTz);
            importer.Write((short)(c.CreatedAt.UtcTicks % 10), NpgsqlDbType.Smallint);
            importer.Write(new DateTimeOffset(c.UpdatedAt.UtcTicks / 10 * 10, TimeSpan.Zero), NpgsqlDbType.TimestampTz);
            importer.Write((short)(c.UpdatedAt.UtcTicks % 10), NpgsqlDbType.Smallint);
        }

        return (int)importer.Complete();
    }

    /// <summary>The provider's bulk insert: validates every record, one all-or-nothing transaction, binary COPY.</summary>
    [Benchmark]
    public async Task<int> ProviderBulkInsert()
    {
        var session = await _setup!.Provider.OpenSessionAsync(BenchmarkData.TenantId, CancellationToken.None);
        await using (session)
        {
            return await session.Customers.BulkInsertAsync(_customers, CancellationToken.None);
        }
    }

    public void Dispose()
    {
        Stop();
        GC.SuppressFinalize(this);
    }

    private static void WriteText(NpgsqlBinaryImporter importer, string? value)
    {
        if (value is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(value, NpgsqlDbType.Text);
        }
    }
}
