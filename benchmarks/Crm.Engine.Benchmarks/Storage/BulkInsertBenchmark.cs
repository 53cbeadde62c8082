using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Crm.Plugins.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Crm.Engine.Benchmarks.Storage;

/// <summary>
/// Inserts 100,000 customers through <c>BulkInsertAsync</c> of the SQLite provider, side by side with raw
/// Microsoft.Data.Sqlite code: one transaction, one prepared INSERT rebound per row, the same columns, schema and
/// pragmas. Rows per second = 100,000 / mean.
/// </summary>
[MemoryDiagnoser]
public class BulkInsertBenchmark : IDisposable
{
    public const int Rows = 100_000;

    private static readonly string[] Columns =
    [
        "tenant_id", "id", "version", "external_id", "first_name", "last_name", "company", "email", "emails", "phone", "phones",
        "birth_date", "gender", "city", "region", "country", "postal_code", "income_band", "lifecycle_stage", "owner_id",
        "tags", "attributes", "attribute_kinds", "created_at", "updated_at",
    ];

    private Customer[] _customers = [];
    private string _path = "";
    private SqliteStorageProvider? _provider;

    [GlobalSetup]
    public void GenerateCustomers() => _customers = BenchmarkData.Customers(Rows);

    [IterationSetup]
    public void CreateEmptyDatabase()
    {
        _path = BenchmarkData.NewDatabasePath();
        _provider = new SqliteStorageProvider(new SqliteStorageOptions { DataSource = _path });
        _provider.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void DeleteDatabase()
    {
        _provider?.Dispose();
        BenchmarkData.DeleteDatabase(_path);
    }

    /// <summary>Hand-written Microsoft.Data.Sqlite: the fastest plain way to fill the customers table.</summary>
    [Benchmark(Baseline = true)]
    public int RawSqlite() => RawInsert(withSecondaryEmails: false);

    /// <summary>The provider's bulk insert: validates every record and also indexes secondary email addresses.</summary>
    [Benchmark]
    public async Task<int> ProviderBulkInsert()
    {
        var session = await _provider!.OpenSessionAsync(BenchmarkData.TenantId, CancellationToken.None);
        await using (session)
        {
            return await session.Customers.BulkInsertAsync(_customers, CancellationToken.None);
        }
    }

    /// <summary>Raw code that also indexes secondary email addresses as the provider does: the like-for-like comparison.</summary>
    [Benchmark]
    public int RawSqliteWithSecondaryEmails() => RawInsert(withSecondaryEmails: true);

    public void Dispose()
    {
        _provider?.Dispose();
        GC.SuppressFinalize(this);
    }

    private int RawInsert(bool withSecondaryEmails)
    {
        using var connection = new SqliteConnection(_provider!.ConnectionString);
        connection.Open();
        using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = _provider.ConnectionPragmas;
            pragmas.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO customers ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", Columns.Select(c => "@" + c))});";
        var p = Columns.Select(c => insert.Parameters.Add(new SqliteParameter("@" + c, null))).ToArray();
        insert.Prepare();
        using var email = connection.CreateCommand();
        email.Transaction = transaction;
        email.CommandText = "INSERT OR IGNORE INTO customer_emails (tenant_id, email, customer_id) VALUES (@t, @e, @c);";
        var emailTenant = email.Parameters.Add(new SqliteParameter("@t", null));
        var emailAddress = email.Parameters.Add(new SqliteParameter("@e", null));
        var emailCustomer = email.Parameters.Add(new SqliteParameter("@c", null));

        foreach (var c in _customers)
        {
            var d = c.Demographics;
            var dates = c.Attributes.Where(a => a.Value.Kind == AttributeKind.Date).Select(a => a.Key).ToList();
            p[0].Value = c.TenantId;
            p[1].Value = c.Id;
            p[2].Value = 1L;
            p[3].Value = (object?)c.ExternalId ?? DBNull.Value;
            p[4].Value = c.FirstName;
            p[5].Value = c.LastName;
            p[6].Value = (object?)c.Company ?? DBNull.Value;
            p[7].Value = (object?)c.PrimaryEmail?.ToLowerInvariant() ?? DBNull.Value;
            p[8].Value = JsonSerializer.Serialize(c.Emails);
            p[9].Value = (object?)c.PrimaryPhone ?? DBNull.Value;
            p[10].Value = JsonSerializer.Serialize(c.Phones);
            p[11].Value = d.BirthDate is { } birth ? birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : DBNull.Value;
            p[12].Value = (object?)d.Gender ?? DBNull.Value;
            p[13].Value = (object?)d.City ?? DBNull.Value;
            p[14].Value = (object?)d.Region ?? DBNull.Value;
            p[15].Value = (object?)d.Country ?? DBNull.Value;
            p[16].Value = (object?)d.PostalCode ?? DBNull.Value;
            p[17].Value = (object?)d.IncomeBand ?? DBNull.Value;
            p[18].Value = c.LifecycleStage.ToString();
            p[19].Value = (object?)c.OwnerId ?? DBNull.Value;
            p[20].Value = JsonSerializer.Serialize(c.Tags);
            p[21].Value = JsonSerializer.Serialize(c.Attributes.ToDictionary(a => a.Key, a => AttributeJson(a.Value)));
            p[22].Value = dates.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(dates.ToDictionary(k => k, _ => "date"));
            p[23].Value = c.CreatedAt.UtcTicks;
            p[24].Value = c.UpdatedAt.UtcTicks;
            insert.ExecuteNonQuery();

            if (withSecondaryEmails)
            {
                emailTenant.Value = c.TenantId;
                emailCustomer.Value = c.Id;
                foreach (var address in c.Emails.Skip(1))
                {
                    emailAddress.Value = address.ToLowerInvariant();
                    email.ExecuteNonQuery();
                }
            }
        }

        transaction.Commit();
        return _customers.Length;
    }

    private static object AttributeJson(AttributeValue value) => value.Kind switch
    {
        AttributeKind.Number => value.AsNumber(),
        AttributeKind.Boolean => value.AsBoolean(),
        _ => value.ToString(),
    };
}
