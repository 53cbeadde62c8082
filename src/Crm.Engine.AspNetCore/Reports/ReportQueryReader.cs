using System.Globalization;
using Crm.Engine.Analytics;
using Crm.Engine.Reports;
using Microsoft.AspNetCore.Http;

namespace Crm.Engine.AspNetCore.Reports;

/// <summary>Reads a report's query string; a bad value is a validation error that names the parameter.</summary>
internal static class ReportQueryReader
{
    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF"];

    public static AnalyticsQuery Query(HttpRequest request)
    {
        var from = Date(request, "from");
        var to = Date(request, "to");
        var granularity = Enum<PeriodGranularity>(request, "granularity", PeriodGranularity.Month);
        var currency = request.Query["currency"].ToString();
        var churnText = request.Query["churnDays"].ToString();
        var churnDays = 90;
        if (churnText.Length > 0 && (!int.TryParse(churnText, NumberStyles.None, CultureInfo.InvariantCulture, out churnDays) || churnDays is < 1 or > 3650))
        {
            throw new CrmValidationException("churnDays", $"'{churnText}' is not a churn window; use a whole number of days from 1 to 3650.", "range");
        }

        return new AnalyticsQuery(new ReportPeriod(from, to, granularity), currency.Length > 0 ? currency : "EUR")
        {
            ChurnWindow = TimeSpan.FromDays(churnDays),
            Segments = [.. request.Query["segment"].Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!)],
        };
    }

    public static ReportFormat Format(HttpRequest request) => Enum(request, "format", ReportFormat.Json);

    private static DateTimeOffset Date(HttpRequest request, string name)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            throw new CrmValidationException(name, $"'{name}' is required: a date such as 2026-01-01 or an instant such as 2026-01-01T00:00:00Z (UTC unless an offset is given).", "required");
        }

        return DateTimeOffset.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new CrmValidationException(name, $"'{text}' is not a date; use 2026-01-01 or 2026-01-01T00:00:00Z.", "date");
    }

    private static T Enum<T>(HttpRequest request, string name, T fallback)
        where T : struct, Enum
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        // Names only: a number such as 7 would parse into an undefined member.
        return !char.IsAsciiDigit(text[0]) && System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value)
            ? value
            : throw new CrmValidationException(name, $"'{text}' is not one of {string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.", "enum");
    }
}
