using System.Reflection;
using Crm.Engine.Storage;

namespace Crm.Engine.Tests.Messaging;

public sealed class UnitOfWorkSessionTests
{
    [Fact]
    public void EveryStoreOfTheSession_IsForwarded_SoItWorksInsideTransactAsync()
    {
        // A store the wrapper does not forward falls back to IStorageSession's default member, which throws
        // NotSupportedException, but only inside TransactAsync: easy to miss when a store is added.
        var stores = typeof(IStorageSession).GetProperties().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        var forwarded = typeof(UnitOfWorkSession)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Select(p => p.Name)
            .ToHashSet(StringComparer.Ordinal);

        var missing = stores.Except(forwarded, StringComparer.Ordinal).ToArray();
        Assert.True(missing.Length == 0, "UnitOfWorkSession does not forward: " + string.Join(", ", missing));
        Assert.Contains("Sales", stores);
    }
}
