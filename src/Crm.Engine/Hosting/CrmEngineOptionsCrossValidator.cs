using Microsoft.Extensions.Options;

namespace Crm.Engine;

/// <summary>Checks the rules between options that attributes cannot express.</summary>
internal sealed class CrmEngineOptionsCrossValidator : IValidateOptions<CrmEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, CrmEngineOptions options) =>
        options.DefaultPageSize > options.MaxPageSize
            ? ValidateOptionsResult.Fail($"{nameof(CrmEngineOptions.DefaultPageSize)} ({options.DefaultPageSize}) must not exceed {nameof(CrmEngineOptions.MaxPageSize)} ({options.MaxPageSize}).")
            : ValidateOptionsResult.Success;
}
