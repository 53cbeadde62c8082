using Crm.Engine.Events;

namespace Crm.Engine.Support;

/// <summary>Raised when a knowledge article is created or updated.</summary>
/// <param name="Before">The article before, or <see langword="null"/> when created.</param>
/// <param name="After">The article after.</param>
public sealed record KnowledgeArticleSaved(KnowledgeArticle? Before, KnowledgeArticle After) : CrmEvent;
