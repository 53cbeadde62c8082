using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Crm.Engine;

/// <summary>
/// Creates the identifiers of the customers one import inserts: version 7 UUIDs (RFC 9562) with the import's start
/// time, a fixed random <c>rand_a</c> and a counter in <c>rand_b</c> that starts at a random value (RFC 9562 §6.2,
/// method 1), so the identifiers of one import ascend in every byte order a store may use.
/// </summary>
/// <remarks>
/// <see cref="Guid.CreateVersion7(DateTimeOffset)"/> is random within a millisecond, and an import stamps every row
/// with the same instant, so its rows would land at random places of the primary key and of the creation-time index
/// (which ends in the id); each batch would then rewrite most of those indexes' pages. Ascending identifiers append
/// instead. The counter's start leaves 2^61 increments of room, far more than any file holds.
/// </remarks>
internal sealed class ImportIdGenerator
{
    private readonly byte[] _prefix = new byte[8];
    private ulong _counter;

    public ImportIdGenerator(DateTimeOffset timestamp)
    {
        var milliseconds = (ulong)timestamp.ToUnixTimeMilliseconds();
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        BinaryPrimitives.WriteUInt64BigEndian(_prefix, milliseconds << 16);
        _prefix[6] = (byte)(0x70 | (random[0] & 0x0F)); // version 7, rand_a (12 bits) fixed for the import
        _prefix[7] = random[1];
        _counter = BinaryPrimitives.ReadUInt64BigEndian(random[2..]) >> 3; // 61 random bits
    }

    public Guid Next() => At(_counter++);

    /// <summary>Reserves <paramref name="count"/> identifiers in a row and returns the counter of the first, for <see cref="At"/>.</summary>
    public ulong Reserve(int count)
    {
        var first = _counter;
        _counter += (ulong)count;
        return first;
    }

    /// <summary>The identifier of a counter value <see cref="Reserve"/> handed out.</summary>
    public Guid At(ulong counter)
    {
        Span<byte> bytes = stackalloc byte[16];
        _prefix.CopyTo(bytes);
        // rand_b holds the counter; the top two bits of byte 8 are the RFC variant (10).
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], (counter & 0x3FFF_FFFF_FFFF_FFFFUL) | 0x8000_0000_0000_0000UL);
        return new Guid(bytes, bigEndian: true);
    }
}
