using Crm.Engine.Events;
using Crm.Engine.Loyalty;
using Crm.Engine.Storage;
using Crm.Plugins.Loyalty.Points;
using Crm.Plugins.Loyalty.Points.Rules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Engine;

/// <summary>
/// Registers the points loyalty program in code, for applications that reference the package instead of loading the
/// plugin from a folder.
/// </summary>
public static class LoyaltyPointsServiceCollectionExtensions
{
    /// <summary>Adds the points program to the engine: <c>ctx.Loyalty</c> works, and recorded purchases earn points.</summary>
    /// <param name="builder">The engine builder.</param>
    /// <param name="configure">Sets the rules, tiers and lifetimes (<see cref="LoyaltyPointsOptions"/>).</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="OptionsValidationException">An option is invalid; the message names it.</exception>
    public static ICrmEngineBuilder AddLoyaltyPoints(this ICrmEngineBuilder builder, Action<LoyaltyPointsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddLoyaltyPoints(configure);
        return builder;
    }

    /// <summary>
    /// Adds the program's services: the built-in rules (spend, birthday, referral, then campaign multipliers), the
    /// program as <see cref="ILoyaltyProgram"/>, and, unless turned off, the <see cref="PurchaseRecorded"/> handler.
    /// </summary>
    /// <param name="services">The service collection (the host's, or the plugin's own).</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <remarks>Rules added with <see cref="AddLoyaltyRule{TRule}"/> run after the built-in earn rules and before the campaign multiplier.</remarks>
    /// <exception cref="OptionsValidationException">An option is invalid; the message names it.</exception>
    public static IServiceCollection AddLoyaltyPoints(this IServiceCollection services, Action<LoyaltyPointsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new LoyaltyPointsOptions();
        configure(options);
        LoyaltyPointsOptionsValidator.ThrowIfInvalid(options);
        options = options.Clone();

        services.TryAddSingleton(sp =>
        {
            var custom = sp.GetServices<ILoyaltyRule>();
            ILoyaltyRule[] rules =
            [
                new SpendRule(options.PointsPerCurrencyUnit, options.Currency),
                BonusRule.Birthday(options.BirthdayBonus),
                BonusRule.Referral(options.ReferralBonus),
                .. custom,
            ];

            // The engine's contributions (rules of other plugins and of the engine's services) run before the
            // multiplier, so a campaign multiplies them too; in a plugin the host grants them to kind 'loyalty'.
            return new PointsProgram(
                options, rules, [new CampaignMultiplierRule([.. options.CampaignMultipliers])], sp.GetService<ILoyaltyRuleContributions>(),
                sp.GetService<TimeProvider>(), sp.GetService<ILogger<PointsProgram>>());
        });
        services.TryAddSingleton<ILoyaltyProgram>(sp => sp.GetRequiredService<PointsProgram>());
        if (options.AwardOnPurchase)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmEventHandler<PurchaseRecorded>, PurchasePointsHandler>(sp => new PurchasePointsHandler(
                sp.GetRequiredService<PointsProgram>(), sp.GetService<IStorageProvider>(), sp.GetService<ICrmEventBus>(), sp.GetService<ILogger<PurchasePointsHandler>>())));
        }

        return services;
    }

    /// <summary>Adds an earn rule of your own to the points program (a singleton; its name must be unique and stable).</summary>
    /// <typeparam name="TRule">The rule type.</typeparam>
    /// <param name="services">The service collection the program is registered in.</param>
    /// <returns>The same collection, for chaining.</returns>
    public static IServiceCollection AddLoyaltyRule<TRule>(this IServiceCollection services)
        where TRule : class, ILoyaltyRule
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoyaltyRule, TRule>());
        return services;
    }
}
