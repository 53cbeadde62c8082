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
    /// <exception cref="JsonException">The document is not valid JSON or not valid UTF-8, an object names a property twice, or a number is out of range; the exception names line and position.</exception>
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

        // The reader checks UTF-8 only where a value is decoded; hostile bytes elsewhere would surface later, untyped.
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json))
        {
            var at = FirstInvalidUtf8(utf8Json);
            var (line, column) = ToLineColumn(utf8Json, lineStarts, at);
            throw new JsonException($"the document is not valid UTF-8 (byte 0x{utf8Json[at]:X2} at offset {at}).", JsonPath.Root, line - 1, column - 1);
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
                    var name = reader.GetString()!;
                    pendingPath = JsonPath.Property(frames.Peek().Path, name);

                    // Readers disagree on duplicates (first wins, last wins), so a schema check could pass one value
                    // while the code reads the other: a document that names a property twice is refused outright.
                    if (!frames.Peek().Names.Add(name))
                    {
                        var (line, column) = ToLineColumn(utf8Json, lineStarts, (int)reader.TokenStartIndex);
                        throw new JsonException($"'{name}' appears twice in the same object.", pendingPath, line - 1, column - 1);
                    }

                    continue;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    frames.Pop();
                    continue;
            }

            var path = pendingPath ?? NextArrayPath(frames);
            pendingPath = null;
            if (reader.TokenType == JsonTokenType.Number && !IsRepresentable(ref reader))
            {
                var (line, column) = ToLineColumn(utf8Json, lineStarts, (int)reader.TokenStartIndex);
                throw new JsonException($"the number {Encoding.UTF8.GetString(reader.ValueSpan)} is out of range: integers must fit in a decimal (28 digits) and other numbers in a double.", path, line - 1, column - 1);
            }

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

    // Readers turn larger integers into BigInteger or infinity and then fail in untyped ways; decimal is the widest
    // number the engine stores (conditions on money).
    private static bool IsRepresentable(ref Utf8JsonReader reader)
    {
        if (reader.TryGetInt64(out _) || reader.TryGetDecimal(out _))
        {
            return true;
        }

        var integral = reader.ValueSpan.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;
        return !integral && reader.TryGetDouble(out var value) && double.IsFinite(value);
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        while (offset < utf8.Length && System.Text.Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
        {
            offset += consumed;
        }

        return Math.Min(offset, utf8.Length - 1);
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

        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);
    }
}
