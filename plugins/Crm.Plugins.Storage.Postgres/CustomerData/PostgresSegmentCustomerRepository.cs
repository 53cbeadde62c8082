using Crm.Engine.Conditions;
using Crm.Plugins.Storage.Postgres.Customers;
using Crm.Plugins.Storage.Postgres.Querying;

namespace Crm.Plugins.Storage.Postgres.CustomerData;

/// <summary>Queries customers with the segment catalog (RFM fields included); everything else is the customer repository's.</summary>
internal sealed class PostgresSegmentCustomerRepository(PostgresStorageSession session) : PostgresCustomerRepository(session)
{
    protected override FieldCatalog Catalog => SegmentFields.Customer;

    protected override PgFieldMap Fields => PgSegmentFields.Customer;
}
