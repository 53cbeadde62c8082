using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Security;

/// <summary>Turns on and configures permission enforcement.</summary>
public static class SecurityCrmEngineBuilderExtensions
{
    /// <summary>
    /// Enforces roles and permissions: from now on a caller may do only what its roles grant (see
    /// <see cref="CrmBuiltInRoles"/>), sensitive customer fields are masked for callers without
    /// <c>customers.readSensitive</c>, and the configuration is validated when the engine starts.
    /// </summary>
    /// <param name="builder">The engine builder.</param>
    /// <param name="configure">Adds roles, grants, record rules and sensitive attributes; may be <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static ICrmEngineBuilder ConfigureSecurity(this ICrmEngineBuilder builder, Action<CrmSecurityOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<CrmSecurityOptions>().Configure(o => o.Enforce = true);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        return builder;
    }

    /// <summary>Registers access control; called once by <c>AddCrmEngine</c>.</summary>
    /// <param name="services">The services.</param>
    internal static void AddSecurityCore(IServiceCollection services)
    {
        services.AddOptions<CrmSecurityOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CrmSecurityOptions>, CrmSecurityOptionsValidator>());
        services.TryAddSingleton<CrmAccessControl>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmEngineComponent, SecurityStartupCheck>());
    }
}
