using Crm.Engine.Testing.Storage;
using Crm.Plugins.Storage.Postgres.Tests.Server;

namespace Crm.Plugins.Storage.Postgres.Tests.Feedback;

/// <summary>Enrolls the PostgreSQL provider in the surveys and feedback conformance kit.</summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresFeedbackConformance(PostgresFixture fixture) : FeedbackStorageConformanceTests<PostgresFixture>(fixture);
