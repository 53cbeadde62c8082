namespace Crm.Plugins.Storage.Sqlite.Schema;

/// <summary>
/// Holds schema step 26: one full <c>ANALYZE</c>, replacing the sampled planner statistics that earlier versions let
/// <c>PRAGMA optimize</c> write (see <see cref="PlannerStatistics"/>).
/// </summary>
/// <remarks>On a large database this step takes seconds (about 7.5 s for 1M customers and 5M interactions), once.</remarks>
internal static class PlannerStatisticsSchema
{
    public const int Version = 26;

    public const string Name = "full planner statistics in place of sampled ones";

    // analysis_limit is a per-connection setting and connections are pooled: set it rather than assume SQLite's 0.
    public const string Sql = "PRAGMA analysis_limit = 0; ANALYZE;";
}
