using Crm.Engine.Testing.Storage;
using Crm.Plugins.Storage.Postgres.Tests.Server;

namespace Crm.Plugins.Storage.Postgres.Tests;

/// <summary>Enrolls the PostgreSQL provider in the campaign and recommendation storage conformance kit.</summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresCampaignConformance(PostgresFixture fixture) : CampaignStorageConformanceTests<PostgresFixture>(fixture);
