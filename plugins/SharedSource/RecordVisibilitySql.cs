using System.Text;
using Crm.Engine.Security;

namespace Crm.Plugins.Storage.Querying;

/// <summary>
/// Turns record rules (<see cref="RecordVisibility"/>) into a WHERE condition, so a list returns, pages and counts only
/// the records the caller may read. The SQL is the same for SQLite and PostgreSQL; only the column expressions differ.
/// </summary>
internal static class RecordVisibilitySql
{
    /// <summary>Appends <c> AND (owner = @visOwner OR team IN (@visTeam0, ...))</c> when <paramref name="visibility"/> is set.</summary>
    /// <param name="sql">The statement so far, ending inside its WHERE clause.</param>
    /// <param name="visibility">The records the caller may see, or <see langword="null"/> for all.</param>
    /// <param name="ownerExpression">The SQL expression of the record's owner.</param>
    /// <param name="teamExpression">The SQL expression of the record's team, or <see langword="null"/> when records have no team.</param>
    /// <param name="addText">Adds a text parameter (name without prefix, value).</param>
    public static void Append(StringBuilder sql, RecordVisibility? visibility, string ownerExpression, string? teamExpression, Action<string, string> addText)
    {
        if (visibility is null)
        {
            return;
        }

        sql.Append(" AND (").Append(ownerExpression).Append(" = @visOwner");
        addText("visOwner", visibility.OwnerId);
        if (teamExpression is not null && visibility.TeamIds.Count > 0)
        {
            sql.Append(" OR ").Append(teamExpression).Append(" IN (");
            var index = 0;
            foreach (var team in visibility.TeamIds.Order(StringComparer.Ordinal))
            {
                var name = "visTeam" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                sql.Append(index == 0 ? "@" : ", @").Append(name);
                addText(name, team);
                index++;
            }

            sql.Append(')');
        }

        sql.Append(')');
    }
}
