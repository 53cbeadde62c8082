namespace Crm.Engine.Templates;

/// <summary>One channel's version of a message template, in Handlebars syntax (<c>{{customer.firstName}}</c>).</summary>
/// <param name="Text">The plain-text body template; every channel can send it.</param>
public sealed record TemplateVariant(string Text)
{
    /// <summary>Gets the subject template, for channels with a subject.</summary>
    public string? Subject { get; init; }

    /// <summary>Gets the HTML body template, for channels that render HTML; values are HTML-encoded.</summary>
    public string? Html { get; init; }
}
