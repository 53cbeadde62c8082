using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Crm.Plugins.Channels;

/// <summary>
/// Turns the engine's idempotency key into what leaves the process. Keys are unique per tenant and may hold anything
/// (an order number, an address), so what is sent is a hash of tenant and key: ASCII, fixed length, tenant-scoped, and
/// free of whatever the key contained.
/// </summary>
internal static class IdempotencyKeys
{
    /// <summary>Gets the header value for a key: 43 characters of unpadded base64url SHA-256.</summary>
    public static string HeaderValue(string tenantId, string idempotencyKey)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(tenantId + "\u001f" + idempotencyKey), hash);
        return Base64Url.EncodeToString(hash);
    }

    /// <summary>Gets the in-process cache key; the separator cannot occur in a tenant id.</summary>
    public static string CacheKey(string tenantId, string idempotencyKey) => tenantId + "\u001f" + idempotencyKey;
}
