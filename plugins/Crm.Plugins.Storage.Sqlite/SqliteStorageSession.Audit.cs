using Crm.Engine.Storage;
using Crm.Plugins.Storage.Sqlite.Audit;

namespace Crm.Plugins.Storage.Sqlite;

internal sealed partial class SqliteStorageSession
{
    private SqliteAuditStore? _audit;

    public IAuditStore Audit => _audit ??= new SqliteAuditStore(this);
}
