namespace Crm.Engine;

/// <summary>
/// Reports input that was rejected, with every problem found (not just the first), each naming its field or JSON path.
/// Nothing was stored when this is thrown.
/// </summary>
public sealed class CrmValidationException : CrmException
{
    /// <summary>Initializes the exception from the problems found.</summary>
    /// <param name="errors">The problems; at least one.</param>
    public CrmValidationException(IReadOnlyList<ValidationError> errors)
        : base(FormatMessage(errors))
    {
        Errors = errors;
    }

    /// <summary>Initializes the exception from one problem.</summary>
    /// <param name="path">The field name or JSON path.</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="rule">The rule that failed, if known.</param>
    public CrmValidationException(string path, string message, string? rule = null)
        : this([new ValidationError(path, message) { Rule = rule }])
    {
    }

    /// <summary>Gets the problems found, in document or field order.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    private static string FormatMessage(IReadOnlyList<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("At least one validation error is required.", nameof(errors));
        }

        return errors.Count == 1
            ? $"Validation failed: {errors[0]}"
            : $"Validation failed with {errors.Count} errors:{Environment.NewLine}  " +
              string.Join(Environment.NewLine + "  ", errors);
    }
}
