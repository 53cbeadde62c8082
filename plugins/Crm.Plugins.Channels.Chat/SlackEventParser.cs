using System.Globalization;
using System.Text.Json;
using Crm.Engine.Channels;

namespace Crm.Plugins.Channels.Chat;

/// <summary>
/// Reads a verified Slack Events API body: answers <c>url_verification</c> with its challenge, turns a user's
/// <c>message</c> event into an <see cref="InboundMessage"/>, ignores bot messages, edits and other events, and rejects
/// anything malformed with the JSON path at fault. It never throws for bad input.
/// </summary>
internal static class SlackEventParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public static InboundWebhookResult Parse(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return Malformed("The body is empty; expected a JSON object at '$'.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException exception)
        {
            return Malformed($"The body is not valid JSON (line {exception.LineNumber + 1 ?? 0}, byte {exception.BytePositionInLine + 1 ?? 0}).");
        }

        using (document)
        {
            try
            {
                return Read(document.RootElement);
            }
            catch (PayloadException exception)
            {
                return Malformed(exception.Message);
            }
        }
    }

    private static InboundWebhookResult Read(JsonElement root)
    {
        RequireObject(root, "$");
        var type = RequiredString(root, "type", "$");
        switch (type)
        {
            case "url_verification":
                return InboundWebhookResult.Accepted([], RequiredString(root, "challenge", "$"));
            case "event_callback":
                var message = ReadEventCallback(root);
                return InboundWebhookResult.Accepted(message is null ? [] : [message]);
            case "app_rate_limited":
                // Slack tells us it is dropping events; nothing to record, and it expects a 200.
                return InboundWebhookResult.Accepted([]);
            default:
                return InboundWebhookResult.Rejected(
                    InboundRejectionKind.Unsupported,
                    $"Payload type {Quote(type)} at '$.type' is not supported; expected 'event_callback' or 'url_verification'.");
        }
    }

    private static InboundMessage? ReadEventCallback(JsonElement root)
    {
        var team = OptionalString(root, "team_id", "$");
        var ev = RequiredProperty(root, "event", "$");
        RequireObject(ev, "$.event");
        if (RequiredString(ev, "type", "$.event") != "message")
        {
            return null; // subscribed to more events than messages: acknowledged, nothing to record
        }

        // Edits, deletions, joins and bot posts are not a customer writing to us.
        var subtype = OptionalString(ev, "subtype", "$.event");
        if (subtype is not (null or "thread_broadcast" or "file_share")
            || (ev.TryGetProperty("bot_id", out var botId) && botId.ValueKind != JsonValueKind.Null))
        {
            return null;
        }

        var user = RequiredString(ev, "user", "$.event");
        var channel = RequiredString(ev, "channel", "$.event");
        var ts = RequiredString(ev, "ts", "$.event");
        var sentAt = ParseTs(ts, "$.event.ts");
        var text = RequiredString(ev, "text", "$.event", allowEmpty: true);
        var threadTs = OptionalString(ev, "thread_ts", "$.event");
        if (threadTs is not null)
        {
            ParseTs(threadTs, "$.event.thread_ts");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return null; // a file without a caption: there is no text to record
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["channel"] = channel, ["ts"] = ts };
        if (threadTs is not null)
        {
            metadata["thread"] = threadTs;
        }

        if (team is not null)
        {
            metadata["team"] = team;
        }

        return new InboundMessage
        {
            Channel = InteractionChannels.Chat,
            ExternalId = channel + ":" + ts,
            SenderAddress = user,
            SenderName = DisplayName(ev),
            TextBody = SlackText.ToPlainText(text),

            // Message ids are unique per channel only, so replies name their parent the way ExternalId does.
            InReplyTo = threadTs is not null && threadTs != ts ? channel + ":" + threadTs : null,
            ReceivedAt = sentAt,
            Metadata = metadata,
        };
    }

    /// <summary>Takes the sender's display name when Slack includes a profile; optional, so a bad profile is ignored.</summary>
    private static string? DisplayName(JsonElement ev)
    {
        if (!ev.TryGetProperty("user_profile", out var profile) || profile.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in (ReadOnlySpan<string>)["display_name", "real_name"])
        {
            if (profile.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                && TryGetString(value, out var text) && !string.IsNullOrWhiteSpace(text))
            {
                return text;
            }
        }

        return null;
    }

    /// <summary>Parses a Slack timestamp, seconds and microseconds such as <c>1712345678.000100</c>.</summary>
    private static DateTimeOffset ParseTs(string ts, string path)
    {
        var dot = ts.IndexOf('.', StringComparison.Ordinal);
        var seconds = dot < 0 ? ts : ts[..dot];
        var fraction = dot < 0 ? "" : ts[(dot + 1)..];
        // "1." is refused like ".1": it names the same instant as "1" but would deduplicate as another message.
        if (seconds.Length is 0 or > 11 || fraction.Length > 6 || (dot >= 0 && fraction.Length == 0)
            || !long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var whole)
            || (fraction.Length > 0 && !int.TryParse(fraction, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            || whole > DateTimeOffset.MaxValue.ToUnixTimeSeconds() - 1)
        {
            throw new PayloadException($"'{path}' is not a Slack timestamp such as '1712345678.000100'.");
        }

        var micros = fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(6, '0'), NumberStyles.None, CultureInfo.InvariantCulture);
        return DateTimeOffset.FromUnixTimeSeconds(whole).AddTicks(micros * 10L);
    }

    private static JsonElement RequiredProperty(JsonElement parent, string name, string parentPath) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new PayloadException($"'{parentPath}.{name}' is required.");

    private static string RequiredString(JsonElement parent, string name, string parentPath, bool allowEmpty = false)
    {
        var value = RequiredProperty(parent, name, parentPath);
        var text = ReadString(value, parentPath + "." + name);
        return allowEmpty || text.Length > 0 ? text : throw new PayloadException($"'{parentPath}.{name}' must not be empty.");
    }

    private static string? OptionalString(JsonElement parent, string name, string parentPath) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? ReadString(value, parentPath + "." + name)
            : null;

    private static string ReadString(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new PayloadException($"'{path}' must be a string, not {Describe(value.ValueKind)}.");
        }

        return TryGetString(value, out var text) ? text : throw new PayloadException($"'{path}' is not valid UTF-8.");
    }

    private static bool TryGetString(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            // JsonDocument validates structure eagerly but transcodes strings lazily: invalid UTF-8 surfaces here.
            text = "";
            return false;
        }
    }

    private static void RequireObject(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new PayloadException($"'{path}' must be an object, not {Describe(value.ValueKind)}.");
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>Quotes a value from the payload only when it is a short token, so reasons never echo arbitrary content.</summary>
    private static string Quote(string value) =>
        value.Length <= 40 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') ? "'" + value + "'" : "(not shown)";

    private static InboundWebhookResult Malformed(string reason) => InboundWebhookResult.Rejected(InboundRejectionKind.Malformed, reason);

    /// <summary>Carries a located payload problem out of the nested readers; never leaves the parser.</summary>
    private sealed class PayloadException(string message) : Exception(message);
}
