using Crm.Engine.Conditions;
using Crm.Plugins.Storage.Postgres.Customers;
using Crm.Plugins.Storage.Postgres.Querying;

namespace Crm.Plugins.Storage.Postgres.CustomerData;

/// <summary>Queries customers with the segment catalog (RFM fields included); everything else is the customer repository's.</summary>
internal sealed class PostgresSegmentCustomerRepository(PostgresStorageSession session) : PostgresCustomerRepository(session)
{
    protected override FieldCatalog Catalog => SegmentFields.Customer;

    protected override PgFieldMap Fields => PgSegmentFields.Customer;

    // One join for every RFM reference: PostgreSQL drops it when the filter reads no RFM field (a LEFT JOIN on the
    // primary key adds no rows), where a scalar subquery per reference cost a probe per customer and tipped plans
    // over the JIT threshold.
    protected override string From =>
        $"{Table} {Alias} LEFT JOIN customer_rfm {PgSegmentFields.RfmAlias} ON {PgSegmentFields.RfmAlias}.tenant_id = {Alias}.tenant_id AND {PgSegmentFields.RfmAlias}.customer_id = {Alias}.id";
}
