namespace Crm.Plugins.Storage.Postgres.Querying;

/// <summary>
/// Holds a translated condition: a boolean SQL expression that is TRUE when the condition holds and FALSE or NULL
/// when it does not.
/// </summary>
/// <remarks>
/// NULL only ever stands for "false" here. AND, OR and WHERE treat it so already; only NOT would turn it into NULL
/// again, so a negation of a predicate that <see cref="MayBeNull"/> is written <c>IS NOT TRUE</c>. This gives the
/// two-valued logic of the in-memory evaluator while plain comparisons stay usable by indexes.
/// </remarks>
/// <param name="Sql">The SQL expression, parenthesized where it is not atomic.</param>
/// <param name="MayBeNull">Whether the expression can yield NULL.</param>
internal readonly record struct PgPredicate(string Sql, bool MayBeNull)
{
    public static PgPredicate True { get; } = new("TRUE", false);

    public static PgPredicate False { get; } = new("FALSE", false);
}
