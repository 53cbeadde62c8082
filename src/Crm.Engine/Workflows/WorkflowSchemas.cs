using System.Reflection;
using NJsonSchema;

namespace Crm.Engine.Workflows;

/// <summary>Loads the JSON schemas shipped inside the engine assembly (copied from <c>schemas/</c> at build time).</summary>
internal static class WorkflowSchemas
{
    private static readonly Lazy<JsonSchema> LazyWorkflow = new(() => Load("workflow.schema.json"));

    public static JsonSchema Workflow => LazyWorkflow.Value;

    public static string ReadText(string name)
    {
        using var stream = typeof(WorkflowSchemas).Assembly.GetManifestResourceStream($"Crm.Engine.Schemas.{name}")
            ?? throw new InvalidOperationException($"The embedded schema '{name}' is missing from {typeof(WorkflowSchemas).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    // NJsonSchema only offers async loading; the schema is embedded, so there is no I/O to wait for.
    private static JsonSchema Load(string name) => JsonSchema.FromJsonAsync(ReadText(name)).GetAwaiter().GetResult();

    internal static Assembly Assembly => typeof(WorkflowSchemas).Assembly;
}
