using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Benchmarks.CustomerData;

/// <summary>
/// Imports 1,000,000 customers from a CSV file into an empty SQLite database through <see cref="ICsvTransferService"/>
/// (parse, validate, E.164, batches of 5,000 in transactions). Baseline: CsvHelper reading every field of the same
/// file, nothing else. Goal: at least 100,000 rows/s. Rows: env CRM_BENCH_CUSTOMERS (default 1,000,000). Keys: env
/// CRM_BENCH_KEYS, <c>sequential</c> (default: <c>erp-0</c>, <c>erp-1</c>, ... and <c>c0@example.com</c>, ..., which
/// fall into a few contiguous ranges of the external-id and e-mail indexes within a batch) or <c>random</c>
/// (scattered 16-hex-digit ids and e-mail local parts, as a real customer file has: every batch touches pages all over
/// both indexes).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 2)]
public class CsvImportBenchmark
{
    private static readonly string[] Cities = ["Berlin", "Hamburg", "München", "Köln", "Wien", "Zürich", "London", "Paris"];
    private readonly int _rows = CustomerDataBench.Customers;
    private readonly bool _randomKeys = CustomerDataBench.RandomImportKeys;
    private string _csvPath = "";
    private string _databasePath = "";
    private ServiceProvider? _services;
    private ICrmContext? _crm;

    /// <summary>Gets the database of the current iteration (for checks after an import).</summary>
    internal string DatabasePath => _databasePath;

    /// <summary>Gets the benchmark file (written by <see cref="WriteCsv"/>).</summary>
    internal string CsvPath => _csvPath;

    [GlobalSetup]
    public void WriteCsv()
    {
        Directory.CreateDirectory(CustomerDataBench.CacheDirectory);
        _csvPath = Path.Combine(CustomerDataBench.CacheDirectory, _randomKeys ? $"customers-random-{_rows}.csv" : $"customers-{_rows}.csv");
        if (File.Exists(_csvPath))
        {
            return;
        }

        var random = new Random(7);
        using var writer = new StreamWriter(_csvPath + ".tmp");
        writer.WriteLine("externalId,firstName,lastName,company,emails,phones,birthDate,city,country,lifecycleStage,tags,attributes.score");
        for (var i = 0; i < _rows; i++)
        {
            // Random keys are a bijection of the row number (unique by construction, scattered like real identifiers).
            var id = KeyNumber(i, _randomKeys, mailbox: false).ToString(KeyFormat(_randomKeys), CultureInfo.InvariantCulture);
            var mailbox = KeyNumber(i, _randomKeys, mailbox: true).ToString(KeyFormat(_randomKeys), CultureInfo.InvariantCulture);
            writer.Write("erp-"); writer.Write(id); writer.Write(",First"); writer.Write(random.Next(5000).ToString(CultureInfo.InvariantCulture));
            writer.Write(",Last"); writer.Write(random.Next(50_000).ToString(CultureInfo.InvariantCulture));
            writer.Write(",Company "); writer.Write((i % 997).ToString(CultureInfo.InvariantCulture));
            writer.Write(",c"); writer.Write(mailbox); writer.Write("@example.com,030 "); writer.Write((1_000_000 + i).ToString(CultureInfo.InvariantCulture));
            writer.Write(','); writer.Write(new DateOnly(1950, 1, 1).AddDays(random.Next(18_000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.Write(','); writer.Write(Cities[random.Next(Cities.Length)]); writer.Write(",DE,Customer,newsletter;vip,");
            writer.WriteLine(random.Next(1000).ToString(CultureInfo.InvariantCulture));
        }

        writer.Close();
        File.Move(_csvPath + ".tmp", _csvPath);
    }

    /// <summary>The number in row <paramref name="row"/>'s external id (<c>erp-N</c>) or e-mail local part (<c>cN</c>).</summary>
    internal static ulong KeyNumber(int row, bool random, bool mailbox) =>
        !random ? (ulong)row : Scatter((ulong)row ^ (mailbox ? 0x5DEECE66DUL : 0));

    /// <summary>How <see cref="KeyNumber"/> is written: 16 hex digits for scattered keys, decimal otherwise.</summary>
    internal static string KeyFormat(bool random) => random ? "x16" : "D";

    // SplitMix64's finalizer: invertible, so distinct inputs give distinct outputs.
    private static ulong Scatter(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }

    [IterationSetup(Target = nameof(ImportCustomers))]
    public void CreateEmptyDatabase()
    {
        _databasePath = Storage.BenchmarkData.NewDatabasePath();
        (_services, _crm) = CustomerDataBench.CreateEngine(_databasePath);
    }

    [IterationCleanup(Target = nameof(ImportCustomers))]
    public void DeleteDatabase()
    {
        _services!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Storage.BenchmarkData.DeleteDatabase(_databasePath);
    }

    /// <summary>Parses the file with CsvHelper, touching every field: the floor for any CSV import.</summary>
    [Benchmark(Baseline = true)]
    public long ParseOnly()
    {
        using var reader = new StreamReader(_csvPath);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        csv.Read();
        csv.ReadHeader();
        long characters = 0;
        while (csv.Read())
        {
            for (var i = 0; i < csv.Parser.Count; i++)
            {
                characters += csv.Parser[i].Length;
            }
        }

        return characters;
    }

    [Benchmark]
    public ImportResult ImportCustomers()
    {
        using var reader = new StreamReader(_csvPath);
        var result = _crm!.Csv.ImportAsync(ImportKind.Customers, reader).GetAwaiter().GetResult();
        if (result.Inserted != _rows)
        {
            throw new InvalidOperationException($"Imported {result.Inserted} of {_rows}: {string.Join("; ", result.Errors.Take(3))}");
        }

        return result;
    }
}
