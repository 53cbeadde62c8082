namespace Crm.Engine.Support;

/// <summary>A full-text search over knowledge articles.</summary>
public sealed record KnowledgeSearch
{
    /// <summary>Gets the words to search for; any of them matches, articles with more (and rarer) ones rank higher.</summary>
    public required string Text { get; init; }

    /// <summary>Gets the tag every hit must carry, if any.</summary>
    public string? Tag { get; init; }

    /// <summary>Gets whether drafts are left out; true by default.</summary>
    public bool PublishedOnly { get; init; } = true;

    /// <summary>Gets the most hits to return; 10 by default.</summary>
    public int Limit { get; init; } = 10;
}
