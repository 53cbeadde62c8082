using Crm.Engine.Storage;

namespace Crm.Engine.Testing.Storage;

/// <summary>
/// Supplies the storage provider under test to <see cref="StorageProviderConformanceTests{TFixture}"/>.
/// </summary>
/// <remarks>
/// xunit creates the fixture once per test class and disposes it afterwards (implement <see cref="IDisposable"/> or
/// <see cref="IAsyncDisposable"/> to delete the database). The kit calls <see cref="IStorageProvider.InitializeAsync"/>
/// before every test, so the provider may start with an empty database; every test works in a tenant of its own.
/// </remarks>
public interface IStorageProviderFixture
{
    /// <summary>Gets the provider under test, shared by every test of the class.</summary>
    IStorageProvider Provider { get; }
}
