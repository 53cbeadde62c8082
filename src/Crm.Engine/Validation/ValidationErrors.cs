namespace Crm.Engine;

/// <summary>Collects validation errors under a path prefix (such as <c>[12].</c> for the 13th item of an import).</summary>
internal sealed class ValidationErrors(string prefix = "")
{
    private readonly List<ValidationError> _errors = [];

    public int Count => _errors.Count;

    public IReadOnlyList<ValidationError> Items => _errors;

    public void Add(string field, string message, string rule) =>
        _errors.Add(new ValidationError(prefix + field, message) { Rule = rule });

    public void AddRange(ValidationErrors other) => _errors.AddRange(other._errors);

    public void ThrowIfAny(string entity)
    {
        if (_errors.Count > 0)
        {
            EngineMetrics.ValidationFailures.Add(1, new KeyValuePair<string, object?>("entity", entity));
            throw new CrmValidationException(_errors);
        }
    }
}
