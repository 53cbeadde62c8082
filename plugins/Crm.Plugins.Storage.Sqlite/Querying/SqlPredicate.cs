namespace Crm.Plugins.Storage.Sqlite.Querying;

/// <summary>
/// Holds a translated condition: SQL that is 1 when the condition holds and 0 or NULL when it does not.
/// </summary>
/// <remarks>
/// SQL's NULL only ever stands for "false" here. AND, OR and WHERE treat it so already; only NOT would turn it into
/// NULL again, so a negation of a predicate that <see cref="MayBeNull"/> is written as <c>IS NOT 1</c>. This gives
/// the two-valued logic of the in-memory evaluator while plain comparisons stay usable by indexes.
/// </remarks>
/// <param name="Sql">The SQL expression, parenthesized where it is not atomic.</param>
/// <param name="MayBeNull">Whether the expression can yield NULL.</param>
internal readonly record struct SqlPredicate(string Sql, bool MayBeNull)
{
    public static SqlPredicate True { get; } = new("1", false);

    public static SqlPredicate False { get; } = new("0", false);
}
