using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Crm.Engine.AspNetCore;

/// <summary>The JSON shape of the API: web defaults (camelCase), enums as strings, attributes as plain values.</summary>
public static class CrmJson
{
    /// <summary>Gets the serializer options the endpoints read and write with.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new AttributeValueJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>
    /// Reads the request body as <typeparamref name="T"/>; malformed JSON becomes a <see cref="CrmValidationException"/>
    /// naming the JSON path, line and column, so it is answered like any other invalid input.
    /// </summary>
    internal static async Task<T> ReadBodyAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new CrmValidationException(
            [
                new ValidationError(string.IsNullOrEmpty(e.Path) ? "$" : e.Path, Describe(e))
                {
                    Rule = "json",
                    Source = "request body",
                    Line = e.LineNumber is { } line ? (int)line + 1 : null,
                    Column = e.BytePositionInLine is { } column ? (int)column + 1 : null,
                },
            ]);
        }

        return value ?? throw new CrmValidationException("$", $"The request body must be a JSON {typeof(T).Name} object, not empty or null.", "required");
    }

    /// <summary>Reads the request body as text (a condition document, a workflow payload); empty becomes <see langword="null"/>.</summary>
    internal static async Task<string?> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    // The framework's message repeats path and position, which the error already carries as fields.
    private static string Describe(JsonException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
