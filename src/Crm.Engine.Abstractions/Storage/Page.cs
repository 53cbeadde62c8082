namespace Crm.Engine.Storage;

/// <summary>
/// Holds one page of results and the token that fetches the next.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="Items">The records of this page.</param>
/// <param name="ContinuationToken">Pass it in the next <see cref="PageRequest"/>; <see langword="null"/> when this is the last page.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken)
{
    /// <summary>Gets whether more pages follow.</summary>
    public bool HasMore => ContinuationToken is not null;
}
