using System.Globalization;
using Crm.Engine.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Crm.Engine.AspNetCore;

/// <summary>Reads paging and concurrency parameters; bad values become validation errors that name the parameter.</summary>
internal static class HttpRequestExtensions
{
    public const string PageSizeParameter = "pageSize";
    public const string ContinuationTokenParameter = "continuationToken";

    public static PageRequest ReadPage(this HttpRequest request)
    {
        var token = request.Query[ContinuationTokenParameter].ToString();
        var sizeText = request.Query[PageSizeParameter].ToString();
        var size = PageRequest.DefaultSize;
        if (sizeText.Length > 0 && (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > PageRequest.MaxSize))
        {
            throw new CrmValidationException(PageSizeParameter, $"'{sizeText}' is not a page size; use a whole number from 1 to {PageRequest.MaxSize}.", "range");
        }

        return new PageRequest(size, token.Length > 0 ? token : null);
    }

    /// <summary>Reads the version an <c>If-Match</c> header names; <see langword="null"/> when it is absent.</summary>
    public static long? ReadIfMatchVersion(this HttpRequest request)
    {
        var header = request.Headers[HeaderNames.IfMatch].ToString();
        if (header.Length == 0)
        {
            return null;
        }

        var text = header.Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        text = text.Trim('"');
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new CrmValidationException(HeaderNames.IfMatch, $"'{header}' is not an entity tag this API issued; send the ETag of the version you read, for example \"3\".", "etag");
    }

    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static void SetETag(this HttpResponse response, long version) => response.Headers.ETag = ETag(version);

    public static IResult PreconditionRequired() => CrmProblems.Result(CrmProblems.Create(StatusCodes.Status428PreconditionRequired,
        "An If-Match header is required.", "Changes need the version they are based on: send If-Match with the ETag of the record you read."));
}
