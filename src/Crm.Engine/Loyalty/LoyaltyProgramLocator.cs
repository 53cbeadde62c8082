using Crm.Engine.Plugins;
using Crm.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Loyalty;

/// <summary>
/// Finds the installed loyalty program: one registered in code comes first, then the first loaded plugin that provides
/// <see cref="ILoyaltyProgram"/> (called through the plugin guard). Looked up on every use, so a plugin dropped in,
/// reloaded or removed is seen at once.
/// </summary>
internal sealed class LoyaltyProgramLocator(IServiceProvider services)
{
    public const string NotInstalledMessage =
        "No loyalty program is installed. Register one with AddLoyaltyPoints(...) (package Crm.Plugins.Loyalty.Points) or load a plugin of kind 'loyalty' that provides ILoyaltyProgram.";

    /// <summary>Gets the program, or <see langword="null"/> when none is installed.</summary>
    public ILoyaltyProgramCaller? Find()
    {
        if (services.GetService<ILoyaltyProgram>() is { } local)
        {
            return new DirectCaller(local);
        }

        var handles = services.GetService<IPluginServices>()?.GetServices<ILoyaltyProgram>();
        return handles is { Count: > 0 } ? new PluginCaller(handles[0]) : null;
    }

    private sealed class DirectCaller(ILoyaltyProgram program) : ILoyaltyProgramCaller
    {
        public ValueTask<LoyaltyProgramDefinition> GetDefinitionAsync(CancellationToken cancellationToken) => ValueTask.FromResult(program.Definition);

        public async ValueTask<LoyaltyResult> EarnAsync(IStorageSession session, LoyaltyEarningEvent earning, string? actor, CancellationToken cancellationToken) =>
            await program.EarnAsync(session, earning, actor, cancellationToken).ConfigureAwait(false);

        public async ValueTask<LoyaltyResult> PostAsync(IStorageSession session, LoyaltyPosting posting, string? actor, CancellationToken cancellationToken) =>
            await program.PostAsync(session, posting, actor, cancellationToken).ConfigureAwait(false);

        public async ValueTask<LoyaltyResult> MaintainAsync(IStorageSession session, Guid customerId, string? actor, CancellationToken cancellationToken) =>
            await program.MaintainAsync(session, customerId, actor, cancellationToken).ConfigureAwait(false);
    }

    private sealed class PluginCaller(PluginService<ILoyaltyProgram> handle) : ILoyaltyProgramCaller
    {
        public ValueTask<LoyaltyProgramDefinition> GetDefinitionAsync(CancellationToken cancellationToken) =>
            handle.InvokeAsync(static (program, _) => ValueTask.FromResult(program.Definition), cancellationToken);

        public ValueTask<LoyaltyResult> EarnAsync(IStorageSession session, LoyaltyEarningEvent earning, string? actor, CancellationToken cancellationToken) =>
            handle.InvokeAsync((session, earning, actor), static async (program, s, token) =>
                await program.EarnAsync(s.session, s.earning, s.actor, token).ConfigureAwait(false), cancellationToken);

        public ValueTask<LoyaltyResult> PostAsync(IStorageSession session, LoyaltyPosting posting, string? actor, CancellationToken cancellationToken) =>
            handle.InvokeAsync((session, posting, actor), static async (program, s, token) =>
                await program.PostAsync(s.session, s.posting, s.actor, token).ConfigureAwait(false), cancellationToken);

        public ValueTask<LoyaltyResult> MaintainAsync(IStorageSession session, Guid customerId, string? actor, CancellationToken cancellationToken) =>
            handle.InvokeAsync((session, customerId, actor), static async (program, s, token) =>
                await program.MaintainAsync(s.session, s.customerId, s.actor, token).ConfigureAwait(false), cancellationToken);
    }
}

/// <summary>Calls the installed program, directly or through the plugin guard.</summary>
internal interface ILoyaltyProgramCaller
{
    ValueTask<LoyaltyProgramDefinition> GetDefinitionAsync(CancellationToken cancellationToken);

    ValueTask<LoyaltyResult> EarnAsync(IStorageSession session, LoyaltyEarningEvent earning, string? actor, CancellationToken cancellationToken);

    ValueTask<LoyaltyResult> PostAsync(IStorageSession session, LoyaltyPosting posting, string? actor, CancellationToken cancellationToken);

    ValueTask<LoyaltyResult> MaintainAsync(IStorageSession session, Guid customerId, string? actor, CancellationToken cancellationToken);
}
