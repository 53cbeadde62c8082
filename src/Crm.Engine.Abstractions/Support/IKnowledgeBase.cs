namespace Crm.Engine.Support;

/// <summary>Knowledge base articles with ranked full-text search and suggestions for inbound messages.</summary>
public interface IKnowledgeBase
{
    /// <summary>Creates an article (empty id or a new one) or updates it (its <see cref="KnowledgeArticle.Version"/> must match).</summary>
    /// <param name="article">The article.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The article as stored.</returns>
    /// <exception cref="CrmValidationException">Title or body is empty or too long.</exception>
    /// <exception cref="CrmConcurrencyException">The article changed since it was read.</exception>
    Task<KnowledgeArticle> SaveAsync(KnowledgeArticle article, CancellationToken cancellationToken = default);

    /// <summary>Gets an article.</summary>
    /// <param name="id">The article.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The article, or <see langword="null"/>.</returns>
    Task<KnowledgeArticle?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Deletes an article.</summary>
    /// <param name="id">The article.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether it existed.</returns>
    Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Searches articles, best first.</summary>
    /// <param name="search">The search.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The hits, best first.</returns>
    Task<IReadOnlyList<KnowledgeSearchHit>> SearchAsync(KnowledgeSearch search, CancellationToken cancellationToken = default);

    /// <summary>Suggests published articles for a message, searching by its subject and body.</summary>
    /// <param name="message">The (inbound) interaction.</param>
    /// <param name="limit">The most suggestions; 5 by default.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The suggestions, best first.</returns>
    Task<IReadOnlyList<KnowledgeSearchHit>> SuggestAsync(Interaction message, int limit = 5, CancellationToken cancellationToken = default);
}
