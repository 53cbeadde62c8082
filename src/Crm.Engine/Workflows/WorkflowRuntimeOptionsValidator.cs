using Microsoft.Extensions.Options;

namespace Crm.Engine.Workflows;

/// <summary>Validates <see cref="WorkflowRuntimeOptions"/> from its data annotations (source-generated).</summary>
[OptionsValidator]
internal sealed partial class WorkflowRuntimeOptionsValidator : IValidateOptions<WorkflowRuntimeOptions>
{
}
