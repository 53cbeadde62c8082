using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Crm.Engine.Campaigns;

/// <summary>
/// Signs and verifies tracking tokens: <c>base64url(payload) "." base64url(HMAC-SHA256(secret, payload)[0..16])</c>,
/// the payload holding a format version, the link kind, campaign and customer ids, tenant and variant. Verification
/// compares in constant time; any change to payload or tag fails it.
/// </summary>
internal sealed class TrackingToken(byte[] secret)
{
    private const byte FormatVersion = 1;
    private const int TagLength = 16;
    private const int MaxTextLength = 200;

    public string Create(TrackingClaims claims)
    {
        var tenantLength = Encoding.UTF8.GetByteCount(claims.TenantId);
        var variantLength = Encoding.UTF8.GetByteCount(claims.Variant);
        if (tenantLength > MaxTextLength || variantLength > MaxTextLength)
        {
            throw new ArgumentException("The tenant id and variant of a tracking token are at most 200 bytes each.", nameof(claims));
        }

        // Built on the stack: a campaign send creates three tokens per message, so nothing here may allocate but the result.
        Span<byte> payload = stackalloc byte[2 + 32 + 1 + tenantLength + 1 + variantLength];
        payload[0] = FormatVersion;
        payload[1] = (byte)claims.Kind;
        claims.CampaignId.TryWriteBytes(payload[2..]);
        claims.CustomerId.TryWriteBytes(payload[18..]);
        payload[34] = (byte)tenantLength;
        Encoding.UTF8.GetBytes(claims.TenantId, payload[35..]);
        payload[35 + tenantLength] = (byte)variantLength;
        Encoding.UTF8.GetBytes(claims.Variant, payload[(36 + tenantLength)..]);
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(secret, payload, hash);
        var payloadChars = Base64Url.GetEncodedLength(payload.Length);
        var tagChars = Base64Url.GetEncodedLength(TagLength);
        Span<char> token = stackalloc char[payloadChars + 1 + tagChars];
        Base64Url.EncodeToChars(payload, token);
        token[payloadChars] = '.';
        Base64Url.EncodeToChars(hash[..TagLength], token[(payloadChars + 1)..]);
        return new string(token);
    }

    /// <summary>Verifies a token; returns null and why when it is malformed or its signature does not match.</summary>
    public (TrackingClaims? Claims, string? Error) Verify(string token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1024)
        {
            return (null, "The tracking token is empty or too long.");
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !Base64Url.IsValid(token.AsSpan(0, dot)) || !Base64Url.IsValid(token.AsSpan(dot + 1)))
        {
            return (null, "The tracking token is malformed.");
        }

        var payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
        var tag = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        if (tag.Length != TagLength || !CryptographicOperations.FixedTimeEquals(tag, Tag(payload)))
        {
            return (null, "The tracking token's signature does not match.");
        }

        // Signed by us, so well formed unless the format changed.
        if (payload.Length < 36 || payload[0] != FormatVersion || !Enum.IsDefined((Crm.Engine.Campaigns.CampaignTrackingKind)payload[1]))
        {
            return (null, "The tracking token has an unknown format.");
        }

        var tenantLength = payload[34];
        if (payload.Length < 36 + tenantLength || payload.Length != 36 + tenantLength + payload[35 + tenantLength])
        {
            return (null, "The tracking token has an unknown format.");
        }

        var claims = new TrackingClaims(
            (CampaignTrackingKind)payload[1],
            Encoding.UTF8.GetString(payload, 35, tenantLength),
            new Guid(payload.AsSpan(2, 16)),
            new Guid(payload.AsSpan(18, 16)),
            Encoding.UTF8.GetString(payload, 36 + tenantLength, payload[35 + tenantLength]));
        return (claims, null);
    }

    private byte[] Tag(byte[] payload) => HMACSHA256.HashData(secret, payload)[..TagLength];
}

/// <summary>What a tracking token stands for.</summary>
internal sealed record TrackingClaims(CampaignTrackingKind Kind, string TenantId, Guid CampaignId, Guid CustomerId, string Variant);
