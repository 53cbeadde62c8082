namespace Crm.Engine.Conditions;

/// <summary>
/// Exposes a record's fields and related records to <see cref="CompiledCondition"/> for in-memory evaluation.
/// </summary>
/// <remarks>Implementations return values for exactly the fields and relations of the catalog the condition was bound to.</remarks>
public interface IConditionTarget
{
    /// <summary>Reads a field.</summary>
    /// <param name="field">The field name from the catalog, or <c>attributes.&lt;key&gt;</c>.</param>
    /// <returns>The value, or <see cref="FieldValue.Missing"/>.</returns>
    FieldValue GetValue(string field);

    /// <summary>Lists the related records of a relation.</summary>
    /// <param name="relation">The relation name from the catalog.</param>
    /// <returns>The related records, each as a target over the relation's catalog.</returns>
    IEnumerable<IConditionTarget> GetRelated(string relation);
}
