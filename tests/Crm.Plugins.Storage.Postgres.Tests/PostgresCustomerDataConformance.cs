using Crm.Engine.Testing.Storage;
using Crm.Plugins.Storage.Postgres.Tests.Server;

namespace Crm.Plugins.Storage.Postgres.Tests;

/// <summary>Enrolls the PostgreSQL provider in the customer-data storage conformance kit.</summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresCustomerDataConformance(PostgresFixture fixture) : CustomerDataStorageConformanceTests<PostgresFixture>(fixture);
