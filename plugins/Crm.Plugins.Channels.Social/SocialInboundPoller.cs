using System.Globalization;
using System.Net;
using Crm.Engine.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crm.Plugins.Channels.Social;

/// <summary>
/// Polls the account's mentions (<c>GET /api/v1/notifications?types[]=mention</c>) and returns them oldest first, with
/// the newest notification id as the next cursor.
/// </summary>
/// <remarks>
/// <para>
/// With a cursor, pages are read forward from it with <c>min_id</c> (the page right after the cursor) and the
/// <c>Link</c> header's <c>prev</c> relation (the page after that), up to
/// <see cref="SocialChannelOptions.MaxPagesPerPoll"/>. Reading forward means a poll that stops early (page limit, rate
/// limit, outage) returns a cursor with no gap behind it, and the next poll continues there; <c>since_id</c> would return
/// the newest page first and lose the middle of a large backlog. The first poll (no cursor) reads only the newest page.
/// </para>
/// <para>
/// When the rate limit is used up, the poll makes no request and returns no messages with the cursor unchanged. A 429,
/// 5xx, timeout or malformed page ends the poll with what was read so far. A 401 or 403 throws
/// <see cref="SocialApiException"/>: the token needs fixing, and the failure should show in the plugin's health.
/// Links to other servers are never followed, so the token only reaches the configured one.
/// </para>
/// </remarks>
public sealed class SocialInboundPoller : IInboundPoller, IDisposable
{
    private readonly MastodonApi _api;
    private readonly SocialChannelOptions _options;
    private readonly string _localDomain;
    private readonly ILogger _logger;

    /// <summary>Initializes the poller.</summary>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock for timeouts and rate-limit resets; the system clock when omitted.</param>
    /// <param name="logger">The logger; none when omitted.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">An option is invalid; the message names it.</exception>
    public SocialInboundPoller(SocialChannelOptions options, TimeProvider? timeProvider = null, ILogger<SocialInboundPoller>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        SocialChannelOptionsValidator.ThrowIfInvalid(options);
        _options = options.Clone();
        _api = new MastodonApi(_options, timeProvider ?? TimeProvider.System);
        _localDomain = _api.BaseAddress.IdnHost;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    public string Channel => InteractionChannels.Social;

    /// <inheritdoc />
    public TimeSpan PollInterval => _options.PollInterval;

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="cursor"/> is not a notification id.</exception>
    /// <exception cref="SocialApiException">The server refused the access token (401 or 403).</exception>
    public async ValueTask<InboundPollResult> PollAsync(string tenantId, string? cursor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        cancellationToken.ThrowIfCancellationRequested();
        if (cursor is not null && !NotificationIds.IsValid(cursor))
        {
            throw new ArgumentException("The cursor is not a notification id (letters, digits, '-' or '_', at most 64); it was not returned by this poller.", nameof(cursor));
        }

        if (_options.TenantId is { } owner && !string.Equals(owner, tenantId, StringComparison.Ordinal))
        {
            return new InboundPollResult([], cursor);
        }

        var messages = new List<InboundMessage>();
        var newest = cursor;
        var pages = 0;
        Uri? next = FirstPage(cursor);
        while (next is not null && pages < _options.MaxPagesPerPoll)
        {
            if (_api.Gate.IsClosed(out var until))
            {
                SocialLog.RateLimited(_logger, until, "poll");
                break;
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            var answer = await _api.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (Stop(answer) is { } reason)
            {
                SocialLog.PollStopped(_logger, reason);
                break;
            }

            pages++;
            var page = NotificationParser.Parse(answer.Body, _localDomain);
            if (page.Problem is not null)
            {
                SocialLog.PollStopped(_logger, page.Problem);
                break;
            }

            newest = Take(page, cursor, newest, messages);
            next = cursor is null || page.Entries.Count < _options.PageSize ? null : NextPage(answer.Link, newest!);
        }

        SocialLog.Polled(_logger, messages.Count, pages, newest);
        return new InboundPollResult(messages, newest);
    }

    /// <summary>Releases the HTTP connections.</summary>
    public void Dispose() => _api.Dispose();

    /// <summary>Adds a page's mentions, oldest first, and returns the newest id seen (skipped entries move the cursor too).</summary>
    private string? Take(NotificationPage page, string? cursor, string? newest, List<InboundMessage> messages)
    {
        var fresh = page.Entries
            .Where(e => e.Id is not null && NotificationIds.IsNewer(e.Id, cursor) && NotificationIds.IsNewer(e.Id, newest))
            .OrderBy(e => e.Id!, Comparer<string>.Create(NotificationIds.Compare));
        foreach (var entry in fresh)
        {
            if (entry.Message is not null)
            {
                messages.Add(entry.Message);
            }
            else if (entry.Skipped is not "not a mention")
            {
                SocialLog.NotificationSkipped(_logger, entry.Id!, entry.Skipped!);
            }

            newest = entry.Id;
        }

        foreach (var entry in page.Entries.Where(e => e.Id is null))
        {
            SocialLog.NotificationSkipped(_logger, "(none)", entry.Skipped!);
        }

        return newest;
    }

    private Uri FirstPage(string? cursor)
    {
        var query = "api/v1/notifications?types[]=mention&limit=" + _options.PageSize.ToString(CultureInfo.InvariantCulture);
        return new Uri(_api.BaseAddress, cursor is null ? query : query + "&min_id=" + cursor);
    }

    /// <summary>
    /// Follows the <c>Link</c> header's <c>prev</c> relation (newer results) when it stays on the server; builds the
    /// <c>min_id</c> request itself when the server sends no links.
    /// </summary>
    private Uri? NextPage(string? link, string newest)
    {
        if (LinkHeader.Find(link, "prev") is not { } prev)
        {
            return link is null ? FirstPage(newest) : null;
        }

        if (!_api.IsSameOrigin(prev))
        {
            SocialLog.PollStopped(_logger, "the Link header points to another server; it is not followed, so the token stays with the configured one.");
            return null;
        }

        return prev;
    }

    private string? Stop(ApiAnswer answer)
    {
        if (answer.Status is not { } status)
        {
            return "the server did not answer: " + answer.Failure + ".";
        }

        if (answer.IsSuccess)
        {
            return null;
        }

        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            SocialLog.PollUnauthorized(_logger, (int)status);
            throw new SocialApiException(
                (int)status,
                $"The social server refused the access token ({(int)status}) while polling mentions; check that AccessToken is valid and has the read:notifications scope.");
        }

        return status == HttpStatusCode.TooManyRequests
            ? "the server is rate limiting (429)."
            : $"the server answered {(int)status}.";
    }
}
