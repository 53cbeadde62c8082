using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Crm.Plugins.Storage.Sqlite.Serialization;

/// <summary>
/// One prepared statement on the session's connection (and so inside its transaction), bound by position and run
/// directly through SQLite, for the bulk inserts of an import (customers and their audit records).
/// </summary>
/// <remarks>
/// A <see cref="SqliteCommand"/> re-resolves every parameter's name on each execution and converts every text value
/// to a new UTF-8 array; for an insert of 25 columns that run a million times this was a fifth of the import's time and
/// most of its garbage. Values are stored exactly as <see cref="SqliteCommand"/> stores them: text as text (bound as
/// UTF-16, which SQLite converts), identifiers as upper-case text in the <c>D</c> format, instants as ticks.
/// </remarks>
internal sealed class SqliteRawStatement : IDisposable
{
    private const int SqliteDone = 101;
    private const int SqliteRow = 100;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    private SqliteRawStatement(sqlite3 db, sqlite3_stmt statement)
    {
        _db = db;
        _statement = statement;
    }

    /// <summary>Prepares <paramref name="sql"/> (one statement, parameters <c>?1</c>, <c>?2</c>, ...) on the session's connection.</summary>
    public static SqliteRawStatement Prepare(SqliteStorageSession session, string sql)
    {
        using var probe = session.CreateCommand("");
        var db = probe.Connection?.Handle ?? throw new InvalidOperationException("The session's connection is not open.");
        var rc = raw.sqlite3_prepare_v2(db, sql, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement?.Dispose();
            throw Error(db, rc);
        }

        return new SqliteRawStatement(db, statement);
    }

    /// <summary>Binds text, or NULL for <see langword="null"/>, to the 1-based parameter <paramref name="index"/>.</summary>
    public void Text(int index, string? value)
    {
        Check(value switch
        {
            null => raw.sqlite3_bind_null(_statement, index),
            // An empty span has no address, which SQLite would take for NULL; the string overload binds ''.
            "" => raw.sqlite3_bind_text(_statement, index, ""),
            _ => raw.sqlite3_bind_text16(_statement, index, value.AsSpan()),
        });
    }

    /// <summary>Binds UTF-8 text (not empty) to the 1-based parameter <paramref name="index"/>; SQLite copies it.</summary>
    public void Utf8(int index, ReadOnlySpan<byte> value) => Check(raw.sqlite3_bind_text(_statement, index, value));

    /// <summary>Binds a date as <c>yyyy-MM-dd</c> text, or NULL.</summary>
    public void Date(int index, DateOnly? value)
    {
        if (value is not { } date)
        {
            Check(raw.sqlite3_bind_null(_statement, index));
            return;
        }

        Span<char> text = stackalloc char[10];
        date.TryFormat(text, out var written, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Check(raw.sqlite3_bind_text16(_statement, index, text[..written]));
    }

    public void Int64(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    /// <summary>Binds an identifier as <see cref="SqliteCommand"/> does: upper-case text such as <c>0192F3A4-...</c>.</summary>
    public void Guid(int index, Guid value)
    {
        Span<char> text = stackalloc char[36];
        value.TryFormat(text, out _, "D");
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is >= 'a' and <= 'f')
            {
                text[i] = (char)(text[i] - ('a' - 'A'));
            }
        }

        Check(raw.sqlite3_bind_text16(_statement, index, text));
    }

    public void Guid(int index, Guid? value)
    {
        if (value is { } id)
        {
            Guid(index, id);
        }
        else
        {
            Check(raw.sqlite3_bind_null(_statement, index));
        }
    }

    /// <summary>Runs the statement with the bound values and returns the rows it changed; the bindings stay for the next run.</summary>
    /// <exception cref="SqliteException">SQLite refused the statement, such as a constraint violation.</exception>
    public int Execute()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc is SqliteDone or SqliteRow)
        {
            raw.sqlite3_reset(_statement);
            return raw.sqlite3_changes(_db);
        }

        var error = Error(_db, rc);
        raw.sqlite3_reset(_statement);
        throw error;
    }

    public void Dispose() => _statement.Dispose();

    private static SqliteException Error(sqlite3 db, int rc) =>
        new(raw.sqlite3_errmsg(db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(db));

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw Error(_db, rc);
        }
    }
}
