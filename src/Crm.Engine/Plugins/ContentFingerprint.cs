using System.Buffers.Binary;
using System.Text;

namespace Crm.Engine.Plugins;

/// <summary>
/// A fast 128-bit content hash (two independent multiply-rotate lanes) that tells whether a plugin folder changed.
/// Not cryptographic, on purpose: plugins are trusted, and a cryptographic hash would load the platform crypto library
/// on the first plugin load, adding tens of milliseconds to a cold start.
/// </summary>
internal struct ContentFingerprint
{
    private const ulong Prime1 = 0x9E3779B185EBCA87;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4F;
    private ulong _a;
    private ulong _b;

    public ContentFingerprint()
    {
        _a = 0x243F6A8885A308D3;
        _b = 0x13198A2E03707344;
    }

    public void Append(string text) => Append(Encoding.UTF8.GetBytes(text));

    public void Append(ReadOnlySpan<byte> data)
    {
        Mix((ulong)data.Length);
        while (data.Length >= 8)
        {
            Mix(BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        ulong tail = 0;
        for (var i = 0; i < data.Length; i++)
        {
            tail |= (ulong)data[i] << (8 * i);
        }

        Mix(tail);
    }

    public readonly string ToHex() => $"{_a:X16}{_b:X16}";

    private void Mix(ulong value)
    {
        _a = ulong.RotateLeft(_a ^ (value * Prime1), 31) * Prime2;
        _b = ulong.RotateLeft(_b + (value * Prime2), 27) * Prime1 + 0x52DCE729;
    }
}
