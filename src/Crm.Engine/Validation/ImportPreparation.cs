namespace Crm.Engine;

/// <summary>
/// Validates every item of an import before anything is stored, reporting errors as <c>[index].field</c>,
/// so an import is all-or-nothing and the caller learns about every bad item at once (up to a limit).
/// </summary>
internal static class ImportPreparation
{
    public static List<T> Prepare<T>(IEnumerable<T> items, int maxErrors, string entity, Func<T, ValidationErrors, T> prepare)
    {
        var errors = new ValidationErrors();
        var prepared = new List<T>();
        var index = 0;
        foreach (var item in items)
        {
            ArgumentNullException.ThrowIfNull(item, $"items[{index}]");
            var itemErrors = new ValidationErrors($"[{index}].");
            prepared.Add(prepare(item, itemErrors));
            if (errors.Count < maxErrors)
            {
                errors.AddRange(itemErrors);
            }

            index++;
        }

        errors.ThrowIfAny(entity);
        return prepared;
    }
}
