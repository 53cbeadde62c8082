namespace Crm.Plugins.Storage.Postgres.Querying;

/// <summary>
/// Maps a catalog relation to the tables of the related records; <c>{0}</c> in the templates stands for the
/// related table's alias.
/// </summary>
/// <param name="From">The FROM clause of the related records.</param>
/// <param name="TenantColumn">The tenant column of the related records.</param>
/// <param name="CustomerColumn">The column holding the customer the record belongs to.</param>
/// <param name="Fields">The related records' fields.</param>
internal sealed record PgRelation(string From, string TenantColumn, string CustomerColumn, PgFieldMap Fields);
