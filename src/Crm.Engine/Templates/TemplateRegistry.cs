using System.Collections.Concurrent;
using System.Globalization;
using HandlebarsDotNet;

namespace Crm.Engine.Templates;

/// <summary>
/// Holds the engine's message templates, compiled once, and renders them. Shared by every caller; registration
/// replaces a template atomically, so a render sees either the old or the new one.
/// </summary>
internal sealed class TemplateRegistry
{
    private static readonly HashSet<string> BuiltInHelpers = new(StringComparer.Ordinal)
    {
        "if", "unless", "each", "with", "lookup", "log", "upper", "lower", "default", "date",
    };

    private readonly ConcurrentDictionary<string, CompiledTemplate> _templates = new(StringComparer.Ordinal);
    private readonly IHandlebars _text;
    private readonly IHandlebars _html;

    public TemplateRegistry(IEnumerable<MessageTemplate> configured)
    {
        _text = CreateEnvironment(noEscape: true);
        _html = CreateEnvironment(noEscape: false);
        var errors = new List<ValidationError>();
        foreach (var template in configured)
        {
            var compiled = TryCompile(template, errors);
            if (compiled is not null)
            {
                _templates[template.Id] = compiled;
            }
        }

        if (errors.Count > 0)
        {
            throw new CrmValidationException(errors);
        }
    }

    public IReadOnlyList<ValidationError> Validate(MessageTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var errors = new List<ValidationError>();
        TryCompile(template, errors);
        return errors;
    }

    public void Register(MessageTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var errors = new List<ValidationError>();
        var compiled = TryCompile(template, errors);
        if (compiled is null)
        {
            throw new CrmValidationException(errors);
        }

        _templates[template.Id] = compiled;
    }

    public MessageTemplate? Find(string id) => _templates.TryGetValue(id, out var compiled) ? compiled.Source : null;

    public RenderedMessage Render(string templateId, string channel, TemplateModel model)
    {
        ArgumentException.ThrowIfNullOrEmpty(templateId);
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(model);
        if (!_templates.TryGetValue(templateId, out var template))
        {
            throw new CrmNotFoundException("MessageTemplate", templateId, KnownIds());
        }

        if (!template.Variants.TryGetValue(channel, out var variant) && !template.Variants.TryGetValue(MessageTemplate.DefaultVariant, out variant))
        {
            throw new CrmNotFoundException(
                "MessageTemplate variant",
                $"{templateId}/{channel}",
                $"The template has variants for {string.Join(", ", template.Variants.Keys.Order(StringComparer.Ordinal))} and no '{MessageTemplate.DefaultVariant}' variant.");
        }

        var values = TemplateModelValues.From(model);
        return new RenderedMessage(variant.Subject?.Invoke(values), variant.Text(values), variant.Html?.Invoke(values));
    }

    private string KnownIds() => _templates.IsEmpty
        ? "No templates are registered."
        : "Registered templates: " + string.Join(", ", _templates.Keys.Order(StringComparer.Ordinal)) + ".";

    private CompiledTemplate? TryCompile(MessageTemplate template, List<ValidationError> errors)
    {
        var before = errors.Count;
        if (string.IsNullOrWhiteSpace(template.Id))
        {
            errors.Add(new ValidationError("id", "a template needs an id.") { Rule = "required" });
        }

        var source = string.IsNullOrWhiteSpace(template.Id) ? null : "template '" + template.Id + "'";
        if (template.Variants is null || template.Variants.Count == 0)
        {
            errors.Add(new ValidationError("variants", "a template needs at least one variant (a channel name or 'default').") { Rule = "required", Source = source });
            return null;
        }

        var variants = new Dictionary<string, CompiledVariant>(StringComparer.Ordinal);
        foreach (var (channel, variant) in template.Variants)
        {
            var path = $"variants.{channel}";
            if (variant is null || string.IsNullOrWhiteSpace(variant.Text))
            {
                errors.Add(new ValidationError(path + ".text", "every variant needs a text body; every channel can send text.") { Rule = "required", Source = source });
                continue;
            }

            var subject = variant.Subject is null ? null : Compile(_text, variant.Subject, path + ".subject", source, errors);
            var text = Compile(_text, variant.Text, path + ".text", source, errors);
            var html = variant.Html is null ? null : Compile(_html, variant.Html, path + ".html", source, errors);
            if (text is not null)
            {
                variants[channel] = new CompiledVariant(subject, text, html);
            }
        }

        return errors.Count == before ? new CompiledTemplate(template, variants) : null;
    }

    private static HandlebarsTemplate<object, object>? Compile(IHandlebars environment, string text, string path, string? source, List<ValidationError> errors)
    {
        var before = errors.Count;
        foreach (var reference in TemplateFieldScanner.Scan(text, BuiltInHelpers))
        {
            if (!TemplateFields.IsKnown(reference.Path))
            {
                var suggestion = TemplateFields.Suggest(reference.Path);
                errors.Add(new ValidationError(path, $"unknown field '{reference.Path}'." + (suggestion is null
                    ? " Templates can use customer.*, customer.attributes.<name>, deal.*, case.* and data.<name>."
                    : $" Did you mean '{suggestion}'?"))
                {
                    Rule = "unknownField",
                    Source = source,
                    Line = reference.Line,
                    Column = reference.Column,
                });
            }
        }

        HandlebarsTemplate<object, object>? compiled = null;
        try
        {
            compiled = environment.Compile(text);
        }
        catch (HandlebarsException e)
        {
            errors.Add(new ValidationError(path, "the template does not parse: " + e.Message) { Rule = "syntax", Source = source });
        }

        return errors.Count == before ? compiled : null;
    }

    private static IHandlebars CreateEnvironment(bool noEscape)
    {
        var environment = Handlebars.Create(new HandlebarsConfiguration { NoEscape = noEscape, FormatProvider = CultureInfo.InvariantCulture });
        environment.RegisterHelper("upper", (_, arguments) => Argument(arguments, 0)?.ToString()?.ToUpperInvariant());
        environment.RegisterHelper("lower", (_, arguments) => Argument(arguments, 0)?.ToString()?.ToLowerInvariant());
        environment.RegisterHelper("default", (_, arguments) =>
            Argument(arguments, 0) is { } value && !string.IsNullOrEmpty(value.ToString()) ? value : Argument(arguments, 1));
        environment.RegisterHelper("date", (_, arguments) => FormatDate(arguments));
        return environment;
    }

    /// <summary>Gets a helper argument, treating a missing field (Handlebars' undefined binding) as null.</summary>
    private static object? Argument(Arguments arguments, int index) =>
        index < arguments.Length && arguments[index] is { } value and not UndefinedBindingResult ? value : null;

    private static object? FormatDate(Arguments arguments)
    {
        var date = Argument(arguments, 0);
        if (date is null)
        {
            return null;
        }

        var format = Argument(arguments, 1)?.ToString() ?? "yyyy-MM-dd";
        return date switch
        {
            DateTimeOffset value => value.ToString(format, CultureInfo.InvariantCulture),
            DateTime value => value.ToString(format, CultureInfo.InvariantCulture),
            DateOnly value => value.ToString(format, CultureInfo.InvariantCulture),
            string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                => parsed.ToString(format, CultureInfo.InvariantCulture),
            var other => other,
        };
    }
}
