using Crm.Plugins.Storage.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Tests;

/// <summary>Creates a database file in a fresh temporary folder and deletes the folder, WAL files included, afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    private readonly List<SqliteStorageProvider> _providers = [];

    public TempDatabase()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "crm-sqlite-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, "crm.db");
    }

    public string Directory { get; }

    public string Path { get; }

    /// <summary>Creates a provider on this file; it is disposed (its pool cleared) with the database.</summary>
    public SqliteStorageProvider CreateProvider(Action<SqliteStorageOptions>? configure = null)
    {
        var options = new SqliteStorageOptions { DataSource = Path };
        configure?.Invoke(options);
        var provider = new SqliteStorageProvider(options);
        _providers.Add(provider);
        return provider;
    }

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A connection still open elsewhere must not fail the test run; the OS temp cleaner takes the rest.
        }
    }
}
