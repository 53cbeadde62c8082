using System.Globalization;
using System.Text.Json;
using Crm.Engine.Channels;

namespace Crm.Plugins.Channels.Social;

/// <summary>
/// Reads a page of <c>GET /api/v1/notifications</c>: each mention becomes an <see cref="InboundMessage"/>
/// (<c>ExternalId</c> = status id, sender = <c>@acct</c> with domain, text = the status's HTML as plain text), other
/// notification types and malformed entries are skipped with a reason naming the JSON path. It never throws for bad
/// input.
/// </summary>
internal static class NotificationParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <param name="body">The response body.</param>
    /// <param name="localDomain">The server's domain, appended to local accounts' <c>acct</c> (which has none).</param>
    public static NotificationPage Parse(ReadOnlyMemory<byte> body, string localDomain)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException exception)
        {
            return new NotificationPage([], $"The answer is not valid JSON (line {exception.LineNumber + 1 ?? 0}, byte {exception.BytePositionInLine + 1 ?? 0}).");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return new NotificationPage([], "'$' must be an array of notifications.");
            }

            var entries = new List<NotificationEntry>(document.RootElement.GetArrayLength());
            var index = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                entries.Add(ReadEntry(element, $"$[{index++}]", localDomain));
            }

            return new NotificationPage(entries, null);
        }
    }

    private static NotificationEntry ReadEntry(JsonElement notification, string path, string localDomain)
    {
        string? id = null;
        try
        {
            Require(notification, JsonValueKind.Object, path);
            id = Id(Required(notification, "id", path), path + ".id");
            if (RequiredString(notification, "type", path) != "mention")
            {
                return new NotificationEntry(id, null, "not a mention");
            }

            var status = Required(notification, "status", path);
            var statusPath = path + ".status";
            Require(status, JsonValueKind.Object, statusPath);
            var account = Required(notification, "account", path);
            var accountPath = path + ".account";
            Require(account, JsonValueKind.Object, accountPath);

            var statusId = Id(Required(status, "id", statusPath), statusPath + ".id");
            var acct = RequiredString(account, "acct", accountPath);
            if (SocialHandle.ToAcct(acct) is null)
            {
                // An empty or odd handle would become a sender address no reply can reach (such as "@@home.example").
                throw new EntryException($"'{accountPath}.acct' is not an account handle such as 'ana' or 'ana@remote.example'.");
            }

            var text = HtmlText.ToPlainText(RequiredString(status, "content", statusPath));
            var createdAt = Timestamp(status, statusPath) ?? Timestamp(notification, path)
                ?? throw new EntryException($"'{statusPath}.created_at' is required.");
            if (text.Length == 0)
            {
                return new NotificationEntry(id, null, $"'{statusPath}.content' holds no text");
            }

            var replyTo = Optional(status, "in_reply_to_id");
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["notification"] = id };
            AddIfString(metadata, "visibility", status, "visibility");
            AddIfString(metadata, "url", status, "url");
            return new NotificationEntry(id, new InboundMessage
            {
                Channel = InteractionChannels.Social,
                ExternalId = statusId,
                SenderAddress = "@" + (acct.Contains('@', StringComparison.Ordinal) ? acct : acct + "@" + localDomain),
                SenderName = OptionalString(account, "display_name", accountPath) is { Length: > 0 } name ? name : null,
                Subject = OptionalString(status, "spoiler_text", statusPath) is { Length: > 0 } warning ? warning : null,
                TextBody = text,
                InReplyTo = replyTo is null ? null : Id(replyTo.Value, statusPath + ".in_reply_to_id"),
                ReceivedAt = createdAt,
                Metadata = metadata,
            }, null);
        }
        catch (EntryException exception)
        {
            return new NotificationEntry(id, null, exception.Message);
        }
    }

    /// <summary>Reads an id: Mastodon sends strings; a few compatible servers send numbers.</summary>
    private static string Id(JsonElement value, string path)
    {
        var id = value.ValueKind switch
        {
            JsonValueKind.String => ReadString(value, path),
            JsonValueKind.Number => value.GetRawText(),
            _ => throw new EntryException($"'{path}' must be a string, not {Describe(value.ValueKind)}."),
        };
        return NotificationIds.IsValid(id) ? id : throw new EntryException($"'{path}' is not an id (letters, digits, '-' or '_').");
    }

    private static DateTimeOffset? Timestamp(JsonElement parent, string parentPath)
    {
        if (!parent.TryGetProperty("created_at", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = ReadString(value, parentPath + ".created_at");
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : throw new EntryException($"'{parentPath}.created_at' is not an ISO 8601 time.");
    }

    private static JsonElement Required(JsonElement parent, string name, string parentPath) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new EntryException($"'{parentPath}.{name}' is required.");

    private static JsonElement? Optional(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string RequiredString(JsonElement parent, string name, string parentPath) =>
        ReadString(Required(parent, name, parentPath), parentPath + "." + name);

    private static string? OptionalString(JsonElement parent, string name, string parentPath) =>
        Optional(parent, name) is { } value ? ReadString(value, parentPath + "." + name) : null;

    private static void AddIfString(Dictionary<string, string> metadata, string key, JsonElement parent, string name)
    {
        if (parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && TryGetString(value, out var text) && text.Length > 0)
        {
            metadata[key] = text;
        }
    }

    private static string ReadString(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new EntryException($"'{path}' must be a string, not {Describe(value.ValueKind)}.");
        }

        return TryGetString(value, out var text) ? text : throw new EntryException($"'{path}' is not valid UTF-8.");
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
            // JsonDocument transcodes strings lazily: invalid UTF-8 surfaces here.
            text = "";
            return false;
        }
    }

    private static void Require(JsonElement value, JsonValueKind kind, string path)
    {
        if (value.ValueKind != kind)
        {
            throw new EntryException($"'{path}' must be {Describe(kind)}, not {Describe(value.ValueKind)}.");
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

    /// <summary>Carries a located problem with one entry out of the nested readers; never leaves the parser.</summary>
    private sealed class EntryException(string message) : Exception(message);
}
