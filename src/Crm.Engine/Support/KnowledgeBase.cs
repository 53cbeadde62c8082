using Crm.Engine.Security;

namespace Crm.Engine.Support;

/// <summary>Knowledge articles with the provider's ranked full-text search.</summary>
internal sealed class KnowledgeBase(CrmEngine engine, CrmCaller caller) : IKnowledgeBase
{
    private const string Entity = nameof(KnowledgeArticle);
    private const int MaxTitleLength = 300;
    private const int MaxBodyLength = 200_000;
    private const int MaxLimit = 100;

    public async Task<KnowledgeArticle> SaveAsync(KnowledgeArticle article, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        engine.Access.Demand(caller, CrmPermissions.KnowledgeWrite);
        TenantGuard.Check(caller, article.TenantId);
        Validate(article);
        var now = engine.Time.GetUtcNow();
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var before = article.Version == 0 ? null : await session.Support.GetArticleAsync(article.Id, cancellationToken).ConfigureAwait(false);
            if (article.Version != 0 && before is null)
            {
                throw new CrmConcurrencyException(Entity, article.Id, article.Version, null);
            }

            var prepared = article with
            {
                Id = article.Id == Guid.Empty ? Guid.CreateVersion7(now) : article.Id,
                TenantId = caller.TenantId,
                Title = article.Title.Trim(),
                Tags = [.. article.Tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal)],
                CreatedAt = before?.CreatedAt ?? now,
                UpdatedAt = now,
            };
            var stored = await session.Support.SaveArticleAsync(prepared, cancellationToken).ConfigureAwait(false);
            await engine.Events.PublishAsync(new KnowledgeArticleSaved(before, stored) { EventId = Guid.CreateVersion7(now), TenantId = stored.TenantId, OccurredAt = now, Actor = caller.UserId }, cancellationToken).ConfigureAwait(false);
            return stored;
        }
    }

    public async Task<KnowledgeArticle?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.KnowledgeRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Support.GetArticleAsync(id, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.KnowledgeWrite);
        var now = engine.Time.GetUtcNow();
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var before = await session.Support.GetArticleAsync(id, cancellationToken).ConfigureAwait(false);
            if (before is null || !await session.Support.DeleteArticleAsync(id, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            await engine.Events.PublishAsync(new KnowledgeArticleDeleted(before) { EventId = Guid.CreateVersion7(now), TenantId = before.TenantId, OccurredAt = now, Actor = caller.UserId }, cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    public async Task<IReadOnlyList<KnowledgeSearchHit>> SearchAsync(KnowledgeSearch search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        engine.Access.Demand(caller, CrmPermissions.KnowledgeRead);
        if (search.Limit is < 1 or > MaxLimit)
        {
            throw new CrmValidationException("limit", $"is {search.Limit}; it must be between 1 and {MaxLimit}.", "range");
        }

        var terms = SearchTerms.Split(search.Text);
        if (terms.Count == 0)
        {
            return [];
        }

        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Support.SearchArticlesAsync(terms, search, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<IReadOnlyList<KnowledgeSearchHit>> SuggestAsync(Interaction message, int limit = 5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SearchAsync(new KnowledgeSearch { Text = $"{message.Subject} {message.Body}", Limit = limit, PublishedOnly = true }, cancellationToken);
    }

    private static void Validate(KnowledgeArticle article)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(article.Title))
        {
            errors.Add("title", "is required.", "required");
        }
        else if (article.Title.Length > MaxTitleLength)
        {
            errors.Add("title", $"is {article.Title.Length} characters long; at most {MaxTitleLength} are allowed.", "maxLength");
        }

        if (string.IsNullOrWhiteSpace(article.Body))
        {
            errors.Add("body", "is required.", "required");
        }
        else if (article.Body.Length > MaxBodyLength)
        {
            errors.Add("body", $"is {article.Body.Length} characters long; at most {MaxBodyLength} are allowed.", "maxLength");
        }

        errors.ThrowIfAny(Entity);
    }
}
