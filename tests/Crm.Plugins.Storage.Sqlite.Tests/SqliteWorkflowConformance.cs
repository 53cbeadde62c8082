using Crm.Engine.Testing.Storage;

namespace Crm.Plugins.Storage.Sqlite.Tests;

/// <summary>Enrolls the SQLite provider in the workflow storage conformance kit.</summary>
public sealed class SqliteWorkflowConformance(SqliteFixture fixture) : WorkflowStorageConformanceTests<SqliteFixture>(fixture);
