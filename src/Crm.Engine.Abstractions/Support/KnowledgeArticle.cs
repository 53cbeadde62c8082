namespace Crm.Engine.Support;

/// <summary>A knowledge base article agents (and customers) can search.</summary>
public sealed record KnowledgeArticle : ICrmEntity
{
    /// <inheritdoc />
    public Guid Id { get; init; }

    /// <inheritdoc />
    public string TenantId { get; init; } = "";

    /// <summary>Gets the title; it weighs more in search than the body.</summary>
    public required string Title { get; init; }

    /// <summary>Gets the body (plain text or Markdown).</summary>
    public required string Body { get; init; }

    /// <summary>Gets the tags, for filtering and search.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Gets whether the article is published; drafts are left out of suggestions.</summary>
    public bool Published { get; init; } = true;

    /// <summary>Gets when it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when it was last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <inheritdoc />
    public long Version { get; init; }
}
