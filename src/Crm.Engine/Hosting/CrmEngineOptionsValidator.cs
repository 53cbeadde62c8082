using Microsoft.Extensions.Options;

namespace Crm.Engine;

/// <summary>
/// Validates <see cref="CrmEngineOptions"/> (source-generated from its data annotations, plus cross-field rules).
/// </summary>
[OptionsValidator]
internal sealed partial class CrmEngineOptionsValidator : IValidateOptions<CrmEngineOptions>
{
}
