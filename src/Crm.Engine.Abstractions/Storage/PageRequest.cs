namespace Crm.Engine.Storage;

/// <summary>
/// Asks for one page of results.
/// </summary>
/// <param name="Size">How many records at most; between 1 and <see cref="MaxSize"/>.</param>
/// <param name="ContinuationToken">The token from the previous page, or <see langword="null"/> for the first page.</param>
public sealed record PageRequest(int Size = PageRequest.DefaultSize, string? ContinuationToken = null)
{
    /// <summary>The page size used when none is given: 50.</summary>
    public const int DefaultSize = 50;

    /// <summary>The largest page size a provider must serve: 10,000.</summary>
    public const int MaxSize = 10_000;

    /// <summary>Gets the first page with the default size.</summary>
    public static PageRequest First { get; } = new();

    /// <summary>Throws when the size is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Size"/> is below 1 or above <see cref="MaxSize"/>.</exception>
    public void Validate()
    {
        if (Size is < 1 or > MaxSize)
        {
            throw new ArgumentOutOfRangeException(nameof(Size), Size, $"A page size must be between 1 and {MaxSize}.");
        }
    }
}
