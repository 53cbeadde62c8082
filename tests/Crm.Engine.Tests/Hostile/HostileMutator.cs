using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Crm.Engine.Tests.Hostile;

/// <summary>
/// Seeded mutations of a valid JSON document, one random kind per case: byte flips, truncation, inserted invalid
/// UTF-8, duplicated keys, deep nesting, huge numbers, wrong types and unicode confusables. Deterministic: the same
/// seed always gives the same bytes, so a failing case is reproduced from its seed alone.
/// </summary>
internal static partial class HostileMutator
{
    /// <summary>The mutation kinds, named in the distribution each suite prints.</summary>
    public static readonly string[] Kinds =
        ["byteFlip", "truncate", "invalidUtf8", "spliceChunk", "duplicateKey", "deepNesting", "hugeNumber", "wrongType", "confusable", "removeNode"];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xC3], [0xC3, 0x28], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0x80, 0x80], [0x00],
    ];

    private static readonly string[] HugeNumbers =
    [
        "1e309", "-1e309", "123456789012345678901234567890123456789", "1.7976931348623157e308", "4.9e-324", "-0", "2147483648",
        "-2147483649", "9223372036854775808", "79228162514264337593543950336", "0.0000000000000000000000000000001", "1e-400",
    ];

    private static readonly JsonNode?[] WrongTypes =
    [
        null, true, false, 0, -1, 3.5, "", " ", "\u0000", "x", new JsonArray(), new JsonObject(), new JsonArray(1, "two", null),
        new JsonObject { ["field"] = "x" }, new string('z', 20_000),
    ];

    // Latin letters and their look-alikes: Cyrillic, Greek, full-width, plus invisible and direction-changing marks.
    private static readonly (char Latin, string Lookalike)[] Confusables =
    [
        ('a', "\u0430"), ('e', "\u0435"), ('o', "\u043E"), ('p', "\u0440"), ('c', "\u0441"), ('i', "\u0456"), ('x', "\u0445"),
        ('s', "\u0455"), ('n', "\u0578"), ('t', "\uFF54"), ('d', "\uFF44"), ('l', "\u04CF"), ('r', "r\u200B"), ('u', "u\u202E"),
        ('m', "m\uFEFF"), ('g', "\u0261"), ('y', "\u0443"), ('v', "\u03BD"),
    ];

    /// <summary>Mutates <paramref name="json"/> and returns the hostile bytes with the kind of mutation applied.</summary>
    public static (byte[] Bytes, string Kind) Mutate(string json, Random random)
    {
        var kind = Kinds[random.Next(Kinds.Length)];
        var bytes = Encoding.UTF8.GetBytes(json);
        return (kind switch
        {
            "byteFlip" => FlipBytes(bytes, random),
            "truncate" => bytes[..random.Next(bytes.Length)],
            "invalidUtf8" => Insert(bytes, random.Next(bytes.Length), InvalidUtf8[random.Next(InvalidUtf8.Length)]),
            "spliceChunk" => Splice(bytes, random),
            "duplicateKey" => Encoding.UTF8.GetBytes(DuplicateKey(json, random)),
            "deepNesting" => Encoding.UTF8.GetBytes(Replace(json, random, _ => Nest(random))),
            "hugeNumber" => Encoding.UTF8.GetBytes(Replace(json, random, _ => HugeNumbers[random.Next(HugeNumbers.Length)])),
            "wrongType" => Encoding.UTF8.GetBytes(Replace(json, random, _ => WrongTypes[random.Next(WrongTypes.Length)]?.ToJsonString() ?? "null")),
            "confusable" => Encoding.UTF8.GetBytes(Confuse(json, random)),
            _ => Encoding.UTF8.GetBytes(Remove(json, random)),
        }, kind);
    }

    /// <summary>Decodes hostile bytes the way a file reader would (invalid sequences become U+FFFD), sometimes adding a lone surrogate.</summary>
    public static string AsText(byte[] bytes, Random random)
    {
        var text = Encoding.UTF8.GetString(bytes);
        return random.Next(8) == 0 && text.Length > 0 ? text.Insert(random.Next(text.Length), random.Next(2) == 0 ? "\uD800" : "\uDC00") : text;
    }

    private static byte[] FlipBytes(byte[] bytes, Random random)
    {
        var copy = (byte[])bytes.Clone();
        for (var i = random.Next(1, 4); i > 0 && copy.Length > 0; i--)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    private static byte[] Insert(byte[] bytes, int at, byte[] inserted) => [.. bytes[..at], .. inserted, .. bytes[at..]];

    private static byte[] Splice(byte[] bytes, Random random)
    {
        var at = random.Next(bytes.Length);
        var length = Math.Min(random.Next(1, 40), bytes.Length - at);
        return random.Next(2) == 0 ? Insert(bytes, random.Next(bytes.Length), bytes[at..(at + length)]) : [.. bytes[..at], .. bytes[(at + length)..]];
    }

    private static string DuplicateKey(string json, Random random)
    {
        var keys = KeyPattern().Matches(json);
        if (keys.Count == 0)
        {
            return json;
        }

        // Insert "key": <other value>, before an existing "key": so the object holds the key twice.
        var key = keys[random.Next(keys.Count)];
        var value = random.Next(2) == 0 ? "\"duplicate\"" : WrongTypes[random.Next(WrongTypes.Length)]?.ToJsonString() ?? "null";
        return json.Insert(key.Index, $"{key.Value} {value}, ");
    }

    private static string Nest(Random random)
    {
        var depth = new[] { 33, 65, 200, 1_000, 20_000 }[random.Next(5)];
        var builder = new StringBuilder(depth * 2 + 2);
        var objects = random.Next(2) == 0;
        for (var i = 0; i < depth; i++)
        {
            builder.Append(objects ? "{\"a\":" : "[");
        }

        builder.Append('1');
        for (var i = 0; i < depth; i++)
        {
            builder.Append(objects ? '}' : ']');
        }

        return builder.ToString();
    }

    private static string Confuse(string json, Random random)
    {
        var builder = new StringBuilder(json);
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var (latin, lookalike) = Confusables[random.Next(Confusables.Length)];
            var at = json.IndexOf(latin, random.Next(json.Length));
            if (at < 0)
            {
                continue;
            }

            builder.Clear().Append(json, 0, at).Append(lookalike).Append(json, at + 1, json.Length - at - 1);
            json = builder.ToString();
        }

        return json;
    }

    /// <summary>Replaces one node (chosen at random) with raw JSON text.</summary>
    private static string Replace(string json, Random random, Func<JsonNode?, string> replacement)
    {
        var root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        var locations = new List<JsonNode>();
        Collect(root, locations);
        var target = locations[random.Next(locations.Count)];
        const string Marker = "\"__hostile_marker__\"";
        var parent = target.Parent!;
        if (parent is JsonObject obj)
        {
            obj[target.GetPropertyName()] = "__hostile_marker__";
        }
        else
        {
            ((JsonArray)parent)[target.GetElementIndex()] = "__hostile_marker__";
        }

        return root.ToJsonString().Replace(Marker, replacement(target), StringComparison.Ordinal);
    }

    private static string Remove(string json, Random random)
    {
        var root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        var locations = new List<JsonNode>();
        Collect(root, locations);
        var target = locations[random.Next(locations.Count)];
        if (target.Parent is JsonObject obj)
        {
            obj.Remove(target.GetPropertyName());
        }
        else if (target.Parent is JsonArray array)
        {
            array.RemoveAt(target.GetElementIndex());
        }

        return root.ToJsonString();
    }

    private static void Collect(JsonNode node, List<JsonNode> locations)
    {
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (var child in children)
        {
            if (child is not null)
            {
                locations.Add(child);
                Collect(child, locations);
            }
        }
    }

    [GeneratedRegex("\"[A-Za-z$][A-Za-z0-9$.]*\"\\s*:")]
    private static partial Regex KeyPattern();
}
