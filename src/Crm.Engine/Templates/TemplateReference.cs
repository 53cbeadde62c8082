namespace Crm.Engine.Templates;

/// <summary>A field path a template refers to, with where it appears (1-based line and column).</summary>
internal readonly record struct TemplateReference(string Path, int Line, int Column);
