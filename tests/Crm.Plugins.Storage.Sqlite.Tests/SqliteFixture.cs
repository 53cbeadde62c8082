using Crm.Engine.Storage;
using Crm.Engine.Testing.Storage;

namespace Crm.Plugins.Storage.Sqlite.Tests;

/// <summary>Runs the conformance kit on a temporary database file shared by the tests of one class.</summary>
public sealed class SqliteFixture : IStorageProviderFixture, IDisposable
{
    private readonly TempDatabase _database = new();

    public SqliteFixture()
    {
        Provider = _database.CreateProvider();
    }

    public IStorageProvider Provider { get; }

    public void Dispose() => _database.Dispose();
}
