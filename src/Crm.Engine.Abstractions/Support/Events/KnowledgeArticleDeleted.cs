using Crm.Engine.Events;

namespace Crm.Engine.Support;

/// <summary>Raised when a knowledge article is deleted.</summary>
/// <param name="Article">The article deleted.</param>
public sealed record KnowledgeArticleDeleted(KnowledgeArticle Article) : CrmEvent;
