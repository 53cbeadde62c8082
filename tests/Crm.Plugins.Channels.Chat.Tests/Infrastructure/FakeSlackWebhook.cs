using System.Collections.Concurrent;
using System.Text.Json;
using Crm.Plugins.Channels.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Crm.Plugins.Channels.Chat.Tests.Infrastructure;

/// <summary>
/// A Slack-compatible incoming webhook on loopback: <c>POST /services/T000/B000/{token}</c> with
/// <c>{"text", "channel"}</c>, answering <c>ok</c>, or Slack's errors (<c>no_service</c>, <c>invalid_payload</c>,
/// <c>no_text</c>, <c>channel_not_found</c>). Tests script other answers per channel, so parallel tests do not meet.
/// </summary>
internal sealed class FakeSlackWebhook : IAsyncDisposable
{
    /// <summary>The secret part of the webhook URL; tests check it never reaches a log line or a reason.</summary>
    public const string Token = "tOkEnSeCrEt0123456789abcd";

    /// <summary>A channel the workspace does not have: answered with <c>404 channel_not_found</c>.</summary>
    public const string UnknownChannel = "CUNKNOWN404";

    private readonly ConcurrentDictionary<string, ConcurrentQueue<ScriptedAnswer>> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private LoopbackServer _server = null!;
    private long _ts = 1_712_345_678_000_100;

    public ReceivedLog<WebhookPost> Posts { get; } = new();

    /// <summary>Gets or sets a value indicating whether success answers carry <c>{"ok", "channel", "ts"}</c> (chat.postMessage style).</summary>
    public bool AnswerWithTs { get; set; }

    /// <summary>Gets the channels whose posts reached a <see cref="ScriptedAnswer.Hang"/> answer and are being held open.</summary>
    public ReceivedLog<string> Hung { get; } = new();

    public Uri WebhookUrl => new(_server.BaseAddress, "services/T000/B000/" + Token);

    public Uri BaseAddress => _server.BaseAddress;

    public static async Task<FakeSlackWebhook> StartAsync()
    {
        var fake = new FakeSlackWebhook();
        fake._server = await LoopbackServer.StartAsync(app => app.MapPost("/services/T000/B000/{token}", fake.HandleAsync));
        return fake;
    }

    /// <summary>Answers the next posts to <paramref name="channel"/> with these, in order, then normally.</summary>
    public void Script(string channel, params ScriptedAnswer[] answers)
    {
        var script = _scripts.GetOrAdd(channel, _ => new ConcurrentQueue<ScriptedAnswer>());
        foreach (var answer in answers)
        {
            script.Enqueue(answer);
        }
    }

    /// <summary>Gets how many posts to the channel arrived, whatever they were answered.</summary>
    public int Attempts(string channel) => _attempts.GetValueOrDefault(channel);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context, string token)
    {
        if (token != Token)
        {
            await AnswerAsync(context, 404, "no_service");
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        string channel, text;
        string? threadTs = null, blocks = null;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            channel = root.GetProperty("channel").GetString()!;
            text = root.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "";
            if (root.TryGetProperty("thread_ts", out var thread))
            {
                threadTs = thread.GetString();
            }

            if (root.TryGetProperty("blocks", out var b))
            {
                blocks = b.GetRawText();
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            await AnswerAsync(context, 400, "invalid_payload");
            return;
        }

        _attempts.AddOrUpdate(channel, 1, (_, n) => n + 1);
        if (_scripts.TryGetValue(channel, out var script) && script.TryDequeue(out var scripted))
        {
            if (scripted.Hang)
            {
                Hung.Add(channel);
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(static _ => { }, TaskScheduler.Default);
                return;
            }

            foreach (var (name, value) in scripted.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            await AnswerAsync(context, scripted.Status, scripted.Body);
            return;
        }

        if (string.IsNullOrEmpty(text) && blocks is null)
        {
            await AnswerAsync(context, 400, "no_text");
            return;
        }

        if (channel == UnknownChannel)
        {
            await AnswerAsync(context, 404, "channel_not_found");
            return;
        }

        var key = context.Request.Headers["X-Idempotency-Key"].ToString();
        Posts.Add(new WebhookPost(key, channel, Unescape(text), threadTs, blocks, body.ToArray()));
        if (AnswerWithTs)
        {
            var ts = Interlocked.Increment(ref _ts);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"ok":true,"channel":"{{channel}}","ts":"{{ts / 1_000_000}}.{{ts % 1_000_000:D6}}"}""");
            return;
        }

        await AnswerAsync(context, 200, "ok");
    }

    private static async Task AnswerAsync(HttpContext context, int status, string? body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain";
        if (body is not null)
        {
            await context.Response.WriteAsync(body);
        }
    }

    private static string Unescape(string text) =>
        text.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);
}

/// <summary>One post as the webhook received it; <see cref="Text"/> is unescaped, as Slack displays it.</summary>
internal sealed record WebhookPost(string IdempotencyKey, string Channel, string Text, string? ThreadTs, string? Blocks, byte[] RawBody);

/// <summary>An answer a test scripts for a channel: a status, body and headers, or a request left hanging.</summary>
internal sealed record ScriptedAnswer(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null, bool Hang = false)
{
    public static ScriptedAnswer Hanging { get; } = new(0, Hang: true);
}
