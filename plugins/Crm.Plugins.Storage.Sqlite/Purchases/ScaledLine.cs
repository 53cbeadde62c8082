namespace Crm.Plugins.Storage.Sqlite.Purchases;

/// <summary>Holds the amounts of one purchase line as integers scaled by 10^4.</summary>
internal readonly record struct ScaledLine(long Quantity, long UnitPrice, long Discount, long Total);
