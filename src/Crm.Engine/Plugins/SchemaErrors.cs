using NJsonSchema.Validation;
using SchemaError = NJsonSchema.Validation.ValidationError;

namespace Crm.Engine.Plugins;

/// <summary>Flattens NJsonSchema's nested errors (array items, sub-schemas) into the leaf errors users can act on.</summary>
internal static class SchemaErrors
{
    public static IEnumerable<SchemaError> Flatten(IEnumerable<SchemaError> errors)
    {
        foreach (var error in errors)
        {
            if (error is ChildSchemaValidationError child && child.Errors.Count > 0)
            {
                foreach (var nested in Flatten(child.Errors.Values.SelectMany(e => e)))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return error;
            }
        }
    }
}
