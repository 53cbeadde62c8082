using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Plugins.Channels.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Crm.Plugins.Channels.Social.Tests.Infrastructure;

/// <summary>
/// A Mastodon-compatible server on loopback: <c>POST /api/v1/statuses</c> (bearer token, <c>Idempotency-Key</c>
/// deduplication, 500-character limit) and <c>GET /api/v1/notifications</c> (<c>types[]</c>, <c>limit</c>,
/// <c>min_id</c>, <c>max_id</c>, <c>since_id</c>, <c>Link</c> paging), with Mastodon's rate-limit headers on every answer
/// and a 429 once the window's budget is spent. Time comes from the test's clock.
/// </summary>
internal sealed class FakeMastodon : IAsyncDisposable
{
    public const string Token = "mastodon-access-token-5ecret";
    public const int MaxStatusLength = 500;

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly List<JsonObject> _notifications = [];
    private readonly Dictionary<string, string> _byIdempotencyKey = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Scripted> _script = new();
    private LoopbackServer _server = null!;
    private long _nextStatusId = 110_000_000_000_000_000;
    private int _remaining;
    private DateTimeOffset _resetAt;
    private int _statusRequests;
    private int _notificationRequests;

    private FakeMastodon(TimeProvider time)
    {
        _time = time;
        _remaining = Limit;
        _resetAt = time.GetUtcNow() + Window;
    }

    public int Limit { get; } = 300;

    public TimeSpan Window { get; } = TimeSpan.FromMinutes(5);

    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>Gets the statuses created (a repeated Idempotency-Key creates none).</summary>
    public ReceivedLog<PostedStatus> Statuses { get; } = new();

    /// <summary>Gets the query strings of notification requests, in order.</summary>
    public ReceivedLog<string> NotificationQueries { get; } = new();

    /// <summary>Gets the paths of requests held open by a <see cref="Scripted.Hanging"/> answer.</summary>
    public ReceivedLog<string> Hung { get; } = new();

    public int StatusRequests => Volatile.Read(ref _statusRequests);

    public int NotificationRequests => Volatile.Read(ref _notificationRequests);

    /// <summary>Gets or sets a value indicating whether notification pages carry <c>Link</c> headers.</summary>
    public bool SendLinks { get; set; } = true;

    /// <summary>Gets or sets a <c>Link</c> header sent instead of the real one.</summary>
    public string? LinkOverride { get; set; }

    /// <summary>Gets or sets a value indicating whether the <c>types[]</c> filter is ignored, as some compatible servers do.</summary>
    public bool IgnoreTypesFilter { get; set; }

    /// <summary>Gets or sets a raw body served for notification requests instead of the stored notifications.</summary>
    public string? NotificationsBodyOverride { get; set; }

    public static async Task<FakeMastodon> StartAsync(TimeProvider time)
    {
        var fake = new FakeMastodon(time);
        fake._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/api/v1/statuses", fake.PostStatusAsync);
            app.MapGet("/api/v1/notifications", fake.GetNotificationsAsync);
        });
        return fake;
    }

    /// <summary>Sets what is left of the current window and when it resets.</summary>
    public void SetBudget(int remaining, DateTimeOffset resetAt)
    {
        lock (_lock)
        {
            _remaining = remaining;
            _resetAt = resetAt;
        }
    }

    /// <summary>Answers the next requests (either endpoint) with these, in order, before normal handling.</summary>
    public void Script(params Scripted[] answers)
    {
        foreach (var answer in answers)
        {
            _script.Enqueue(answer);
        }
    }

    public void AddMention(
        long id,
        string acct = "ana@remote.example",
        string content = "<p>Hello</p>",
        string? statusId = null,
        string? displayName = "Ana",
        string? inReplyToId = null,
        string? spoilerText = null,
        DateTimeOffset? createdAt = null)
    {
        var at = (createdAt ?? new DateTimeOffset(2024, 4, 5, 12, 0, 0, TimeSpan.Zero).AddMinutes(id)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        Add(new JsonObject
        {
            ["id"] = id.ToString(CultureInfo.InvariantCulture),
            ["type"] = "mention",
            ["created_at"] = at,
            ["account"] = new JsonObject { ["id"] = "9" + id, ["username"] = acct.Split('@')[0], ["acct"] = acct, ["display_name"] = displayName, ["url"] = "https://remote.example/@" + acct },
            ["status"] = new JsonObject
            {
                ["id"] = statusId ?? "s" + id,
                ["created_at"] = at,
                ["in_reply_to_id"] = inReplyToId,
                ["visibility"] = "direct",
                ["spoiler_text"] = spoilerText ?? "",
                ["url"] = "https://remote.example/@ana/s" + id,
                ["content"] = content,
            },
        });
    }

    public void AddOther(long id, string type) => Add(new JsonObject
    {
        ["id"] = id.ToString(CultureInfo.InvariantCulture),
        ["type"] = type,
        ["created_at"] = "2024-04-05T12:00:00.000Z",
        ["account"] = new JsonObject { ["id"] = "1", ["acct"] = "someone@remote.example" },
    });

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private void Add(JsonObject notification)
    {
        lock (_lock)
        {
            _notifications.Add(notification);
        }
    }

    /// <summary>Authenticates, counts against the window and plays scripted answers; false when it answered already.</summary>
    private async Task<bool> AdmitAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            await ErrorAsync(context, 401, "The access token is invalid");
            return false;
        }

        int remaining;
        DateTimeOffset resetAt;
        var limited = false;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (now >= _resetAt)
            {
                _remaining = Limit;
                _resetAt = now + Window;
            }

            if (_remaining == 0)
            {
                limited = true;
            }
            else
            {
                _remaining--;
            }

            remaining = _remaining;
            resetAt = _resetAt;
        }

        context.Response.Headers["X-RateLimit-Limit"] = Limit.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-RateLimit-Reset"] = resetAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        if (limited)
        {
            await ErrorAsync(context, 429, "Too many requests");
            return false;
        }

        if (_script.TryDequeue(out var scripted) && !scripted.PassThrough)
        {
            if (scripted.Hang)
            {
                Hung.Add(context.Request.Path);
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(static _ => { }, TaskScheduler.Default);
                return false;
            }

            foreach (var (name, value) in scripted.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            context.Response.StatusCode = scripted.Status;
            if (scripted.Body is not null)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(scripted.Body);
            }

            return false;
        }

        return true;
    }

    private async Task PostStatusAsync(HttpContext context)
    {
        Interlocked.Increment(ref _statusRequests);
        if (!await AdmitAsync(context))
        {
            return;
        }

        string? status, visibility, inReplyTo;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var root = document.RootElement;
            status = root.TryGetProperty("status", out var s) ? s.GetString() : null;
            visibility = root.TryGetProperty("visibility", out var v) ? v.GetString() : "public";
            inReplyTo = root.TryGetProperty("in_reply_to_id", out var r) ? r.GetString() : null;
        }
        catch (JsonException)
        {
            await ErrorAsync(context, 400, "Invalid JSON");
            return;
        }

        if (string.IsNullOrWhiteSpace(status))
        {
            await ErrorAsync(context, 422, "Validation failed: Text can't be blank");
            return;
        }

        if (status.Length > MaxStatusLength)
        {
            await ErrorAsync(context, 422, $"Validation failed: Text character limit of {MaxStatusLength} exceeded");
            return;
        }

        var key = context.Request.Headers["Idempotency-Key"].ToString();
        string json;
        lock (_lock)
        {
            if (key.Length > 0 && _byIdempotencyKey.TryGetValue(key, out var earlier))
            {
                json = earlier;
            }
            else
            {
                var id = (++_nextStatusId).ToString(CultureInfo.InvariantCulture);
                json = new JsonObject
                {
                    ["id"] = id,
                    ["created_at"] = _time.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                    ["visibility"] = visibility,
                    ["in_reply_to_id"] = inReplyTo,
                    ["content"] = "<p>" + System.Net.WebUtility.HtmlEncode(status) + "</p>",
                }.ToJsonString();
                if (key.Length > 0)
                {
                    _byIdempotencyKey[key] = json;
                }

                Statuses.Add(new PostedStatus(id, key, status, visibility, inReplyTo));
            }
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }

    private async Task GetNotificationsAsync(HttpContext context)
    {
        Interlocked.Increment(ref _notificationRequests);
        NotificationQueries.Add(context.Request.QueryString.Value ?? "");
        if (!await AdmitAsync(context))
        {
            return;
        }

        if (NotificationsBodyOverride is { } raw)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(raw);
            return;
        }

        var query = context.Request.Query;
        var types = query["types[]"].Where(t => t is not null).Select(t => t!).ToArray();
        var limit = Math.Clamp(int.TryParse(query["limit"], out var l) ? l : 40, 1, 80);
        long? minId = Long(query["min_id"]), maxId = Long(query["max_id"]), sinceId = Long(query["since_id"]);
        List<JsonObject> page;
        lock (_lock)
        {
            var matching = _notifications
                .Where(n => IgnoreTypesFilter || types.Length == 0 || types.Contains((string)n["type"]!))
                .OrderBy(IdOf)
                .ToList();
            page = minId is { } min
                ? matching.Where(n => IdOf(n) > min).Take(limit).Reverse().ToList()
                : matching.Where(n => (sinceId is null || IdOf(n) > sinceId) && (maxId is null || IdOf(n) < maxId)).OrderByDescending(IdOf).Take(limit).ToList();
        }

        if (LinkOverride is not null)
        {
            context.Response.Headers["Link"] = LinkOverride;
        }
        else if (SendLinks && page.Count > 0)
        {
            var root = $"{context.Request.Scheme}://{context.Request.Host}/api/v1/notifications?{string.Concat(types.Select(t => "types[]=" + t + "&"))}limit={limit}";
            context.Response.Headers["Link"] = $"<{root}&max_id={IdOf(page[^1])}>; rel=\"next\", <{root}&min_id={IdOf(page[0])}>; rel=\"prev\"";
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonArray([.. page.Select(n => n.DeepClone())]).ToJsonString());
    }

    private static long IdOf(JsonObject notification) => long.Parse((string)notification["id"]!, CultureInfo.InvariantCulture);

    private static long? Long(string? value) => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    private static async Task ErrorAsync(HttpContext context, int status, string error)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject { ["error"] = error }.ToJsonString());
    }
}

/// <summary>A status the server created.</summary>
internal sealed record PostedStatus(string Id, string IdempotencyKey, string Text, string? Visibility, string? InReplyToId);

/// <summary>An answer a test scripts: a status, body and headers, or a request left hanging.</summary>
internal sealed record Scripted(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null, bool Hang = false, bool PassThrough = false)
{
    public static Scripted Hanging { get; } = new(0, Hang: true);

    /// <summary>Gets an answer that lets the request be handled normally, to script a later one.</summary>
    public static Scripted Normally { get; } = new(0, PassThrough: true);
}
