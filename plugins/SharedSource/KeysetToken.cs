using System.Buffers.Binary;
using System.Buffers.Text;

namespace Crm.Plugins.Storage.Querying;

/// <summary>
/// Encodes the position after the last record of a page (its sort key in UTC ticks and its identifier) as an
/// opaque URL-safe token.
/// </summary>
internal static class KeysetToken
{
    /// <summary>The kind of token used by customer timelines and purchase histories (newest first).</summary>
    public const byte NewestFirstKind = 0x40;

    /// <summary>The kind of token used by pages of a workflow's instances (oldest first, by creation time).</summary>
    public const byte WorkflowInstancesKind = 0x50;

    /// <summary>The kind of token used by listings of outbox messages (newest first, by creation time).</summary>
    public const byte OutboxListKind = 0x60;

    /// <summary>The kind of token used by listings of scheduled jobs (soonest due first).</summary>
    public const byte JobListKind = 0x61;

    private const byte FormatVersion = 1;
    private const int Length = 2 + sizeof(long) + 16;

    public static string Encode(byte kind, long key, Guid id)
    {
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = FormatVersion;
        bytes[1] = kind;
        BinaryPrimitives.WriteInt64LittleEndian(bytes[2..], key);
        id.TryWriteBytes(bytes[10..]);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Reads a token made by <see cref="Encode"/> for the same kind of query.</summary>
    /// <exception cref="CrmValidationException">The token is malformed or belongs to another kind of query.</exception>
    public static (long Key, Guid Id) Decode(string token, byte kind)
    {
        Span<byte> bytes = stackalloc byte[Length + 4];
        int written;
        try
        {
            if (token.Length > 64 || !Base64Url.TryDecodeFromChars(token, bytes, out written))
            {
                throw Invalid(token);
            }
        }
        catch (FormatException)
        {
            throw Invalid(token);
        }

        var key = BinaryPrimitives.ReadInt64LittleEndian(bytes[2..]);
        if (written != Length || bytes[0] != FormatVersion || bytes[1] != kind || key < 0 || key > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw Invalid(token);
        }

        return (key, new Guid(bytes.Slice(10, 16)));
    }

    private static CrmValidationException Invalid(string token) => new(
        "page.continuationToken",
        $"'{(token.Length > 64 ? token[..64] + "…" : token)}' is not a continuation token of this query; pass the token returned with the previous page, unchanged, with the same sort order.",
        "continuationToken");
}
