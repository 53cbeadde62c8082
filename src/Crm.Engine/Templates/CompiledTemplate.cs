using HandlebarsDotNet;

namespace Crm.Engine.Templates;

/// <summary>A registered template with every variant compiled once.</summary>
internal sealed record CompiledTemplate(MessageTemplate Source, IReadOnlyDictionary<string, CompiledVariant> Variants);

/// <summary>One variant's compiled parts; subject and text are rendered without HTML encoding.</summary>
internal sealed record CompiledVariant(
    HandlebarsTemplate<object, object>? Subject,
    HandlebarsTemplate<object, object> Text,
    HandlebarsTemplate<object, object>? Html);
