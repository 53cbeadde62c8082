namespace Crm.Plugins.Storage.Sqlite.Querying;

/// <summary>
/// Maps a catalog relation to the tables of the related records; <c>{0}</c> in the templates stands for the
/// related table's alias.
/// </summary>
/// <param name="From">The FROM clause of the related records.</param>
/// <param name="TenantColumn">The tenant column of the related records.</param>
/// <param name="CustomerColumn">The column holding the customer the record belongs to.</param>
/// <param name="Fields">The related records' fields.</param>
internal sealed record SqlRelation(string From, string TenantColumn, string CustomerColumn, SqlFieldMap Fields)
{
    /// <summary>
    /// Gets the fields that the related records' index ordered by customer also holds. A count whose filter reads only
    /// these is grouped straight from that index (no sort, no table reads); any other filter is applied first, with the
    /// index that suits it, and the matches are then grouped.
    /// </summary>
    public IReadOnlySet<string> CustomerIndexFields { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
