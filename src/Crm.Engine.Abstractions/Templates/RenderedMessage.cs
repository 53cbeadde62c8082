namespace Crm.Engine.Templates;

/// <summary>A template rendered for one recipient on one channel.</summary>
/// <param name="Subject">The subject, when the variant has one.</param>
/// <param name="Text">The plain-text body.</param>
/// <param name="Html">The HTML body, when the variant has one.</param>
public sealed record RenderedMessage(string? Subject, string Text, string? Html);
