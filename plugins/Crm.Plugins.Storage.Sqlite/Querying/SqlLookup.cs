namespace Crm.Plugins.Storage.Sqlite.Querying;

/// <summary>
/// Describes a field kept in a side table with at most one row per customer (such as the RFM scores). Comparisons on
/// it become <c>id IN (SELECT key FROM table WHERE tenant AND value op literal)</c>, which SQLite evaluates once from
/// the side table's index, instead of a correlated lookup per customer. A customer without a row has no value: it
/// matches only <c>ne</c> and <c>not</c>, as a missing field does in the evaluator.
/// </summary>
/// <param name="From">The side table and its alias, such as <c>customer_rfm rfm</c>.</param>
/// <param name="TenantColumn">The side table's tenant column.</param>
/// <param name="KeyColumn">The side table's customer id column.</param>
/// <param name="ValueColumn">The column holding the field's value (never NULL).</param>
internal sealed record SqlLookup(string From, string TenantColumn, string KeyColumn, string ValueColumn);
