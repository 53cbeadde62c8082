using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Crm.Engine.Feedback;

/// <summary>
/// Signs and checks response tokens: <c>{invitation id}.{HMAC-SHA256(key, tenant + invitation id)}</c>, both base64url.
/// The tenant is in the MAC, so a token only works in the tenant that issued it.
/// </summary>
internal static class SurveyTokens
{
    public static string Create(byte[] key, string tenantId, Guid invitationId) =>
        Base64Url.EncodeToString(invitationId.ToByteArray()) + "." + Base64Url.EncodeToString(Mac(key, tenantId, invitationId));

    /// <summary>Reads the invitation id of a token whose signature holds; <see langword="null"/> otherwise.</summary>
    public static Guid? Verify(byte[] key, string tenantId, string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot > 40 || token.Length > 120)
        {
            return null;
        }

        byte[] idBytes;
        byte[] mac;
        try
        {
            idBytes = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            mac = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return null;
        }

        if (idBytes.Length != 16)
        {
            return null;
        }

        var id = new Guid(idBytes);
        return CryptographicOperations.FixedTimeEquals(mac, Mac(key, tenantId, id)) ? id : null;
    }

    private static byte[] Mac(byte[] key, string tenantId, Guid invitationId) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(tenantId + "\n" + invitationId.ToString("N", System.Globalization.CultureInfo.InvariantCulture)));
}
