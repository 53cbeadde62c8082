using System.Collections.Frozen;
using System.Text;

namespace Crm.Engine;

/// <summary>
/// Normalizes phone numbers to E.164 (<c>+</c>, country calling code, national number; 8 to 15 digits) without a
/// phone library: international forms (<c>+</c> or <c>00</c>) keep their calling code, national forms get the
/// default region's code with the trunk prefix <c>0</c> removed.
/// </summary>
internal static class PhoneNumbers
{
    // ISO 3166-1 alpha-2 region → calling code, for the regions most CRMs meet; extend as needed.
    private static readonly FrozenDictionary<string, string> CallingCodes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["US"] = "1", ["CA"] = "1", ["GB"] = "44", ["IE"] = "353", ["DE"] = "49", ["AT"] = "43", ["CH"] = "41", ["FR"] = "33",
        ["BE"] = "32", ["NL"] = "31", ["LU"] = "352", ["IT"] = "39", ["ES"] = "34", ["PT"] = "351", ["DK"] = "45", ["SE"] = "46",
        ["NO"] = "47", ["FI"] = "358", ["IS"] = "354", ["PL"] = "48", ["CZ"] = "420", ["SK"] = "421", ["HU"] = "36", ["RO"] = "40",
        ["BG"] = "359", ["GR"] = "30", ["HR"] = "385", ["SI"] = "386", ["EE"] = "372", ["LV"] = "371", ["LT"] = "370", ["UA"] = "380",
        ["TR"] = "90", ["RU"] = "7", ["IL"] = "972", ["AE"] = "971", ["SA"] = "966", ["EG"] = "20", ["ZA"] = "27", ["NG"] = "234",
        ["KE"] = "254", ["MA"] = "212", ["IN"] = "91", ["PK"] = "92", ["CN"] = "86", ["HK"] = "852", ["TW"] = "886", ["JP"] = "81",
        ["KR"] = "82", ["SG"] = "65", ["MY"] = "60", ["TH"] = "66", ["VN"] = "84", ["ID"] = "62", ["PH"] = "63", ["AU"] = "61",
        ["NZ"] = "64", ["MX"] = "52", ["BR"] = "55", ["AR"] = "54", ["CL"] = "56", ["CO"] = "57", ["PE"] = "51",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    // Every assigned calling code's first digits; used to check that an international number starts with one.
    private static readonly FrozenSet<string> KnownCodes = CallingCodes.Values.ToFrozenSet(StringComparer.Ordinal);

    // Regions whose national numbers keep a leading 0 (no trunk prefix to drop).
    private static readonly FrozenSet<string> KeepLeadingZero = new[] { "IT" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Tells whether a region has a calling code in the table.</summary>
    public static bool IsKnownRegion(string region) => CallingCodes.ContainsKey(region);

    /// <summary>
    /// Converts a number to E.164. Returns the digits with separators removed (and no <c>+</c>) when the number is
    /// national and no default region is given, so validation can still judge it; characters other than digits and
    /// separators are kept so validation rejects them.
    /// </summary>
    public static string Normalize(string phone, string? defaultRegion)
    {
        var trimmed = phone.Trim();
        var digits = new StringBuilder(trimmed.Length + 4);
        var international = false;
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (c == '+' && digits.Length == 0 && !international)
            {
                international = true;
            }
            else if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')' or '/'))
            {
                digits.Append(c);
            }
        }

        var text = digits.ToString();
        if (!international && text.StartsWith("00", StringComparison.Ordinal))
        {
            international = true;
            text = text[2..];
        }

        if (international)
        {
            return "+" + DropTrunkAfterCode(text);
        }

        if (defaultRegion is null || !CallingCodes.TryGetValue(defaultRegion, out var code))
        {
            return text;
        }

        var national = !KeepLeadingZero.Contains(defaultRegion) && text.StartsWith('0') ? text[1..] : text;
        if (code == "1" && national.Length == 11 && national[0] == '1')
        {
            national = national[1..]; // NANP trunk prefix 1
        }

        return "+" + code + national;
    }

    /// <summary>Accepts <c>+</c> and 8 to 15 digits starting with a known calling code, or (national, no region) 7 to 15 digits.</summary>
    public static bool IsValid(string normalized)
    {
        if (normalized.Length == 0)
        {
            return false;
        }

        var international = normalized[0] == '+';
        var body = international ? normalized.AsSpan(1) : normalized.AsSpan();
        foreach (var c in body)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        if (!international)
        {
            return body.Length is >= 7 and <= 15;
        }

        if (body.Length is < 8 or > 15 || body[0] == '0')
        {
            return false;
        }

        for (var length = 1; length <= 3; length++)
        {
            if (KnownCodes.Contains(body[..length].ToString()))
            {
                return true;
            }
        }

        // A calling code we do not list: accept any non-zero start, E.164 length already checked.
        return true;
    }

    // "+44 (0)20 ..." is a common written form: the (0) trunk prefix must not reach E.164.
    private static string DropTrunkAfterCode(string text)
    {
        for (var length = 1; length <= 3 && length < text.Length; length++)
        {
            if (KnownCodes.Contains(text[..length]) && text[length] == '0' && text[..length] != "39")
            {
                return text[..length] + text[(length + 1)..];
            }
        }

        return text;
    }
}
