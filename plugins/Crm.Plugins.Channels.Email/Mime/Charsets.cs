using System.Text;

namespace Crm.Plugins.Channels.Email.Mime;

/// <summary>
/// Finds the .NET encoding for a MIME charset name, including the legacy code pages (windows-1252, koi8-r, ...)
/// without registering a process-wide provider, and falls back to UTF-8 for names nobody knows.
/// </summary>
internal static class Charsets
{
    public static Encoding Get(string? name)
    {
        var trimmed = name?.Trim().Trim('"').ToLowerInvariant();
        switch (trimmed)
        {
            case null or "" or "utf-8" or "utf8":
                return Encoding.UTF8;
            case "us-ascii" or "ascii":
                // Mail labelled ASCII often carries 8-bit text anyway; Latin-1 keeps every byte.
                return Encoding.Latin1;
            case "iso-8859-1" or "latin1" or "iso8859-1":
                return Encoding.Latin1;
            case "utf-7":
                // UTF-7 is unsupported in .NET; the text is still readable as ASCII.
                return Encoding.Latin1;
            default:
                break;
        }

        try
        {
            return System.Text.CodePagesEncodingProvider.Instance.GetEncoding(trimmed)
                ?? Encoding.GetEncoding(trimmed);
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
        catch (NotSupportedException)
        {
            return Encoding.UTF8;
        }
    }
}
