namespace Crm.Plugins.Storage.Postgres.Serialization;

/// <summary>
/// Splits an instant into what <c>timestamptz</c> holds (microseconds, UTC) and the 100 ns ticks below the
/// microsecond (0-9), kept in a <c>smallint</c> beside it so .NET instants round-trip exactly and keyset order is
/// the order of the full ticks.
/// </summary>
internal readonly record struct PgInstant(DateTimeOffset Micros, short Remainder)
{
    public static PgInstant From(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        var remainder = ticks % 10;
        return new PgInstant(new DateTimeOffset(ticks - remainder, TimeSpan.Zero), (short)remainder);
    }

    public static PgInstant FromTicks(long utcTicks) => From(new DateTimeOffset(utcTicks, TimeSpan.Zero));

    public static DateTimeOffset Join(DateTimeOffset micros, short remainder) =>
        new(micros.UtcTicks + remainder, TimeSpan.Zero);
}
