using System.Text;
using System.Text.Json;

namespace Crm.Engine.Json;

/// <summary>
/// Maps the JSON path of every value in a document to its line and column, so errors found after parsing
/// (unknown fields, bad references) can still point at the place in the file.
/// </summary>
public sealed class JsonPositionMap
{
    private readonly Dictionary<string, (int Line, int Column)> _positions;

    private JsonPositionMap(Dictionary<string, (int Line, int Column)> positions) => _positions = positions;

    /// <summary>Gets an empty map, for documents that have no text form.</summary>
    public static JsonPositionMap Empty { get; } = new([]);

    /// <summary>Reads a UTF-8 JSON document and records where each value starts.</summary>
    /// <param name="utf8Json">The document; comments and trailing commas are allowed.</param>
    /// <returns>The map.</returns>
    /// <exception cref="JsonException">The document is not valid JSON; the exception names line and position.</exception>
    public static JsonPositionMap Build(ReadOnlySpan<byte> utf8Json)
    {
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < utf8Json.Length; i++)
        {
            if (utf8Json[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        var positions = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        var frames = new Stack<Frame>();
        string? pendingPath = JsonPath.Root;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    pendingPath = JsonPath.Property(frames.Peek().Path, reader.GetString()!);
                    continue;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    frames.Pop();
                    continue;
            }

            var path = pendingPath ?? NextArrayPath(frames);
            pendingPath = null;
            positions[path] = ToLineColumn(utf8Json, lineStarts, (int)reader.TokenStartIndex);
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                frames.Push(new Frame(path, reader.TokenType == JsonTokenType.StartArray));
            }
        }

        return new JsonPositionMap(positions);
    }

    /// <summary>Reads a JSON document from text and records where each value starts.</summary>
    /// <param name="json">The document.</param>
    /// <returns>The map.</returns>
    /// <exception cref="JsonException">The document is not valid JSON.</exception>
    public static JsonPositionMap Build(string json) => Build(Encoding.UTF8.GetBytes(json));

    /// <summary>Gets the options every engine JSON reader uses: comments skipped, trailing commas allowed, depth 64.</summary>
    public static JsonReaderOptions ReaderOptions { get; } = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    /// <summary>Gets the same settings as <see cref="ReaderOptions"/> for <see cref="JsonDocument"/>.</summary>
    public static JsonDocumentOptions DocumentOptions { get; } = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    /// <summary>Finds where the value at a path starts, falling back to the nearest enclosing value.</summary>
    /// <param name="path">The JSON path.</param>
    /// <param name="line">The 1-based line.</param>
    /// <param name="column">The 1-based column.</param>
    /// <returns>Whether a position was found.</returns>
    public bool TryGetPosition(string path, out int line, out int column)
    {
        ArgumentNullException.ThrowIfNull(path);
        var current = path;
        while (true)
        {
            if (_positions.TryGetValue(current, out var position))
            {
                (line, column) = position;
                return true;
            }

            var cut = Math.Max(current.LastIndexOf('.'), current.LastIndexOf('['));
            if (cut <= 0)
            {
                line = column = 0;
                return false;
            }

            current = current[..cut];
        }
    }

    /// <summary>Adds the position of <paramref name="error"/>'s path and the source name to it.</summary>
    /// <param name="error">The error.</param>
    /// <param name="source">The file or source name, or <see langword="null"/>.</param>
    /// <returns>The error with <see cref="ValidationError.Line"/>, <see cref="ValidationError.Column"/> and <see cref="ValidationError.Source"/> set where known.</returns>
    public ValidationError Locate(ValidationError error, string? source)
    {
        ArgumentNullException.ThrowIfNull(error);
        var located = error with { Source = error.Source ?? source };
        return error.Line is null && TryGetPosition(error.Path, out var line, out var column)
            ? located with { Line = line, Column = column }
            : located;
    }

    /// <summary>Turns a JSON syntax error into a validation error with 1-based line and column.</summary>
    /// <param name="exception">The syntax error.</param>
    /// <param name="source">The file or source name, or <see langword="null"/>.</param>
    /// <returns>The validation error.</returns>
    public static ValidationError FromSyntaxError(JsonException exception, string? source)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        return new ValidationError(exception.Path ?? JsonPath.Root, $"Invalid JSON: {message}")
        {
            Rule = "syntax",
            Source = source,
            Line = exception.LineNumber is { } line ? (int)line + 1 : null,
            Column = exception.BytePositionInLine is { } column ? (int)column + 1 : null,
        };
    }

    private static string NextArrayPath(Stack<Frame> frames)
    {
        var frame = frames.Peek();
        return JsonPath.Index(frame.Path, frame.NextIndex++);
    }

    private static (int, int) ToLineColumn(ReadOnlySpan<byte> utf8, List<int> lineStarts, int offset)
    {
        var lineIndex = lineStarts.BinarySearch(offset);
        if (lineIndex < 0)
        {
            lineIndex = ~lineIndex - 1;
        }

        var column = 1;
        for (var i = lineStarts[lineIndex]; i < offset; i++)
        {
            // Count characters, not bytes: skip UTF-8 continuation bytes.
            if ((utf8[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }

        return (lineIndex + 1, column);
    }

    private sealed class Frame(string path, bool isArray)
    {
        public string Path { get; } = path;

        public bool IsArray { get; } = isArray;

        public int NextIndex { get; set; }
    }
}
