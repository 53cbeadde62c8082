namespace Crm.Plugins.Storage.Postgres.Schema;

/// <summary>Describes one schema step: applied once, in the migration transaction, and recorded in <c>crm_schema_migrations</c>.</summary>
/// <param name="Version">The step's number; steps run in ascending order.</param>
/// <param name="Name">A short description for the log and the migrations table.</param>
/// <param name="Sql">The statements of the step.</param>
internal sealed record Migration(int Version, string Name, string Sql);
