namespace Crm.Engine.Support;

/// <summary>An article found by a search, with its relevance.</summary>
/// <param name="Article">The article.</param>
/// <param name="Score">The relevance, higher is better (BM25 on SQLite, ts_rank on PostgreSQL): comparable within one search only.</param>
public sealed record KnowledgeSearchHit(KnowledgeArticle Article, double Score);
