namespace Crm.Plugins.Storage.Postgres.Querying;

/// <summary>
/// Maps one catalog field to a fixed SQL expression; <c>{0}</c> in the templates stands for the table alias. The
/// expressions are constants of this assembly: condition input never reaches SQL text.
/// </summary>
/// <param name="Type">How the value is stored.</param>
/// <param name="Expression">The SQL expression template.</param>
/// <param name="Nullable">Whether the expression can be NULL (a missing field).</param>
/// <param name="Tick">For instants, the template of the 100 ns remainder column, so comparisons are exact.</param>
internal sealed record PgField(PgValueType Type, string Expression, bool Nullable, string? Tick = null);
