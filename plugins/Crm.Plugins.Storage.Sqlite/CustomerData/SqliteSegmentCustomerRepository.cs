using Crm.Engine.Conditions;
using Crm.Plugins.Storage.Sqlite.Customers;
using Crm.Plugins.Storage.Sqlite.Querying;

namespace Crm.Plugins.Storage.Sqlite.CustomerData;

/// <summary>Queries customers with the segment catalog (RFM fields included); everything else is the customer repository's.</summary>
internal sealed class SqliteSegmentCustomerRepository(SqliteStorageSession session) : SqliteCustomerRepository(session)
{
    protected override FieldCatalog Catalog => SegmentFields.Customer;

    protected override SqlFieldMap Fields => SegmentSqlFields.Customer;
}
