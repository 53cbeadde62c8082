using System.Reflection;

namespace Crm.Plugins.Storage.Postgres.Tests.Server;

/// <summary>
/// Guards the cluster's lifetime: the collection fixture stops the cluster when the <c>postgres</c> collection ends,
/// so a test class outside that collection runs in parallel and loses its connections mid-test
/// ("Exception while reading from stream") whenever it outlives the collection.
/// </summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresClusterCollectionTests
{
    [Fact]
    public void EveryTestClass_IsInThePostgresCollection()
    {
        var outside = typeof(PostgresClusterCollectionTests).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && HasTests(t))
            .Where(t => !IsPostgresCollection(t))
            .Select(t => t.FullName)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Empty(outside);
    }

    private static bool HasTests(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(m => m.IsDefined(typeof(FactAttribute), inherit: true));

    private static bool IsPostgresCollection(Type type) =>
        type.GetCustomAttributesData().Any(a => a.AttributeType == typeof(CollectionAttribute)
            && a.ConstructorArguments.Count == 1 && Equals(a.ConstructorArguments[0].Value, PostgresClusterDefinition.Name));
}
