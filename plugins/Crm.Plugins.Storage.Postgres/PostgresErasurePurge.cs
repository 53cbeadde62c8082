namespace Crm.Plugins.Storage.Postgres;

/// <summary>
/// Chooses how the provider removes the old row versions an erasure leaves behind (PostgreSQL never overwrites a row
/// in place: an update writes a new version and the old one stays until VACUUM).
/// </summary>
public enum PostgresErasurePurge
{
    /// <summary>
    /// Plain <c>VACUUM</c> of the rewritten tables after the erasure commits: the old row versions, their TOAST chunks and
    /// index entries are removed and no query, replica or dump can reach them; their bytes may remain in free space
    /// inside pages until later writes reuse it. Takes no lock that blocks reads or writes.
    /// </summary>
    Vacuum = 0,

    /// <summary>
    /// <c>VACUUM FULL</c> of the rewritten tables: they and their indexes are copied to new files and the old files are
    /// truncated, so no page of the database holds the erased data. Locks <c>customers</c>, <c>interactions</c> and
    /// <c>merge_records</c> exclusively while it copies them (every tenant waits): for small databases, or erasures run
    /// in a maintenance window.
    /// </summary>
    VacuumFull = 1,
}
