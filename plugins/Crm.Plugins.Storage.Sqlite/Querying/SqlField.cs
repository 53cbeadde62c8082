namespace Crm.Plugins.Storage.Sqlite.Querying;

/// <summary>
/// Maps one catalog field to a fixed SQL expression; <c>{0}</c> in <paramref name="Expression"/> stands for the
/// table alias. The expressions are constants of this assembly: condition input never reaches SQL text.
/// </summary>
/// <param name="Type">How the value is stored.</param>
/// <param name="Expression">The SQL expression template.</param>
/// <param name="Nullable">Whether the expression can be NULL (a missing field).</param>
internal sealed record SqlField(SqlValueType Type, string Expression, bool Nullable)
{
    /// <summary>Gets the side table the value is read from in comparisons, or <see langword="null"/> to compare <see cref="Expression"/>.</summary>
    public SqlLookup? Lookup { get; init; }
}
