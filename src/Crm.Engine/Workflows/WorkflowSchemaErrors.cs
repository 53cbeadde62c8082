using NJsonSchema.Validation;

namespace Crm.Engine.Workflows;

/// <summary>Turns NJsonSchema's errors into the engine's <see cref="ValidationError"/> form with JSON paths.</summary>
internal static class WorkflowSchemaErrors
{
    public static IEnumerable<ValidationError> Convert(IEnumerable<NJsonSchema.Validation.ValidationError> errors, string basePath)
    {
        foreach (var error in errors)
        {
            if (error is ChildSchemaValidationError child && child.Errors.Count > 0)
            {
                // oneOf/anyOf failures: report the branch that got furthest, i.e. the one with the fewest errors.
                var best = child.Errors.Values.OrderBy(e => e.Count).First();
                foreach (var nested in Convert(best, basePath))
                {
                    yield return nested;
                }

                continue;
            }

            yield return new Crm.Engine.ValidationError(ToJsonPath(error.Path, basePath), Describe(error))
            {
                Rule = "schema",
                Line = error.HasLineInfo ? error.LineNumber : null,
                Column = error.HasLineInfo ? error.LinePosition : null,
            };
        }
    }

    /// <summary>Converts <c>#/states.new.timeouts[0]</c> to <c>$.states.new.timeouts[0]</c> under a base path.</summary>
    public static string ToJsonPath(string? schemaPath, string basePath)
    {
        if (string.IsNullOrEmpty(schemaPath) || schemaPath == "#")
        {
            return basePath;
        }

        var relative = schemaPath.StartsWith("#/", StringComparison.Ordinal) ? schemaPath[2..] : schemaPath.TrimStart('#');
        return relative.StartsWith('[') ? basePath + relative : $"{basePath}.{relative}";
    }

    private static string Describe(NJsonSchema.Validation.ValidationError error)
    {
        var property = error.Property is null ? "" : $"'{error.Property}' ";
        return error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => $"missing required property {property}".TrimEnd() + ".",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => $"unknown property {property}is not allowed here.",
            ValidationErrorKind.NotInEnumeration => $"{property}has a value that is not one of the allowed values.",
            ValidationErrorKind.PatternMismatch => $"{property}does not match the expected format.",
            ValidationErrorKind.StringExpected => $"{property}must be a string.",
            ValidationErrorKind.IntegerExpected => $"{property}must be a whole number.",
            ValidationErrorKind.NumberExpected => $"{property}must be a number.",
            ValidationErrorKind.BooleanExpected => $"{property}must be true or false.",
            ValidationErrorKind.ObjectExpected => $"{property}must be an object.",
            ValidationErrorKind.ArrayExpected => $"{property}must be an array.",
            ValidationErrorKind.NumberTooSmall or ValidationErrorKind.IntegerTooBig or ValidationErrorKind.NumberTooBig => $"{property}is out of range.",
            ValidationErrorKind.TooFewItems => $"{property}has too few items.",
            ValidationErrorKind.TooFewProperties => $"{property}needs at least one entry.",
            ValidationErrorKind.StringTooShort => $"{property}must not be empty.",
            _ => $"{property}is invalid ({error.Kind}).",
        };
    }
}
