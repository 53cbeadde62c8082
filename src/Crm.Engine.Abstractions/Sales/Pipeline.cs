namespace Crm.Engine.Sales;

/// <summary>
/// A sales pipeline: stages in order. Working stages come first, in the order deals advance through them; at least
/// one won and one lost stage close deals. Stage-to-stage conversion follows this order.
/// </summary>
public sealed record Pipeline : ICrmEntity
{
    /// <summary>Gets the identifier.</summary>
    public Guid Id { get; init; }

    /// <summary>Gets the owning tenant.</summary>
    public string TenantId { get; init; } = "";

    /// <summary>Gets the name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the stages in order.</summary>
    public required IReadOnlyList<PipelineStage> Stages { get; init; }

    /// <summary>Gets when the pipeline was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets the stored version.</summary>
    public long Version { get; init; }

    /// <summary>Finds a stage by key.</summary>
    /// <param name="stageId">The stage key.</param>
    /// <returns>The stage, or <see langword="null"/>.</returns>
    public PipelineStage? FindStage(string stageId)
    {
        foreach (var stage in Stages)
        {
            if (string.Equals(stage.Id, stageId, StringComparison.Ordinal))
            {
                return stage;
            }
        }

        return null;
    }

    /// <summary>Gets the position of a stage (0-based), or -1.</summary>
    /// <param name="stageId">The stage key.</param>
    /// <returns>The position.</returns>
    public int PositionOf(string stageId)
    {
        for (var i = 0; i < Stages.Count; i++)
        {
            if (string.Equals(Stages[i].Id, stageId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
