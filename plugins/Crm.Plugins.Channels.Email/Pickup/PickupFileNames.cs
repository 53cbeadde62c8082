using Crm.Plugins.Channels.Email.Mime;

namespace Crm.Plugins.Channels.Email.Pickup;

/// <summary>
/// Names pickup files after the tenant and the idempotency key, so a resend with the same key finds the file it wrote
/// before. Names that are not safe on every file system are replaced by a hash.
/// </summary>
internal static class PickupFileNames
{
    public const string Extension = ".eml";
    private const int MaxPartLength = 80;

    /// <summary>Returns the file name for a message: <c>tenant~key.eml</c> with each part made safe.</summary>
    public static string For(string tenantId, string idempotencyKey) => Safe(tenantId) + "~" + Safe(idempotencyKey) + Extension;

    private static string Safe(string part) =>
        part.Length is > 0 and <= MaxPartLength && part[0] != '.' && part.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? part
            : "h" + MessageIds.Hash(part, 32);
}
