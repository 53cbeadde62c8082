namespace Crm.Engine.Tests.Import;

public sealed class ImportIdGeneratorTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void Next_IsVersion7WithTheImportTimeAndVariant10()
    {
        var id = new ImportIdGenerator(Now).Next();

        Assert.Equal(7, id.Version);
        Assert.Equal(0b10, id.Variant >> 2); // RFC 9562 variant: the top bits of byte 8 are 10
        var bytes = id.ToByteArray(bigEndian: true);
        var milliseconds = ((long)bytes[0] << 40) | ((long)bytes[1] << 32) | ((long)bytes[2] << 24) | ((long)bytes[3] << 16) | ((long)bytes[4] << 8) | bytes[5];
        Assert.Equal(Now.ToUnixTimeMilliseconds(), milliseconds);
    }

    [Fact]
    public void Next_AscendsInTheByteOrderOfSqliteAndOfTheTextForm()
    {
        var generator = new ImportIdGenerator(Now);
        var ids = Enumerable.Range(0, 1_000).Select(_ => generator.Next()).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        // Microsoft.Data.Sqlite stores Guid.ToByteArray() and SQLite compares BLOBs with memcmp; PostgreSQL orders uuids as text.
        Assert.Equal(ids, ids.OrderBy(i => i.ToByteArray(), ByteOrder.Instance));
        Assert.Equal(ids, ids.OrderBy(i => i.ToString(), StringComparer.Ordinal));
    }

    [Fact]
    public void Next_TwoImportsAtTheSameInstant_DoNotCollide()
    {
        var first = new ImportIdGenerator(Now);
        var second = new ImportIdGenerator(Now);

        var ids = Enumerable.Range(0, 100).SelectMany(_ => new[] { first.Next(), second.Next() }).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
