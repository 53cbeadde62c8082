using Crm.Engine.Workflows;
using Crm.Engine.Workflows.Actions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Engine;

/// <summary>
/// Registers workflow definitions, workflow actions and the workflow runtime on the engine builder.
/// </summary>
public static class WorkflowCrmEngineBuilderExtensions
{
    /// <summary>
    /// Registers a workflow definition, given as JSON text (starting with <c>{</c>) or as the path of a JSON file.
    /// Definitions are validated when the engine starts; an invalid one fails the start with <c>file(line,col)</c> errors.
    /// </summary>
    /// <param name="builder">The engine builder.</param>
    /// <param name="jsonOrPath">The definition's JSON, or the path of its file.</param>
    /// <returns>The builder.</returns>
    public static ICrmEngineBuilder AddWorkflow(this ICrmEngineBuilder builder, string jsonOrPath)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(jsonOrPath);
        var kind = jsonOrPath.TrimStart().StartsWith('{') ? WorkflowSourceKind.Json : WorkflowSourceKind.File;
        AddRuntime(builder.Services).Configure(o => Add(o, new WorkflowSource(kind, kind == WorkflowSourceKind.File ? Path.GetFullPath(jsonOrPath) : jsonOrPath)));
        return builder;
    }

    /// <summary>Registers every <c>*.json</c> file of a folder (not its subfolders) as a workflow definition, validated at engine start.</summary>
    /// <param name="builder">The engine builder.</param>
    /// <param name="path">The folder.</param>
    /// <returns>The builder.</returns>
    public static ICrmEngineBuilder AddWorkflowsFromDirectory(this ICrmEngineBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AddRuntime(builder.Services).Configure(o => Add(o, new WorkflowSource(WorkflowSourceKind.Directory, Path.GetFullPath(path))));
        return builder;
    }

    /// <summary>Registers a workflow action (as a singleton) that definitions call by its <see cref="IWorkflowAction.Name"/>.</summary>
    /// <typeparam name="TAction">The action type.</typeparam>
    /// <param name="builder">The engine builder.</param>
    /// <returns>The builder.</returns>
    public static ICrmEngineBuilder AddWorkflowAction<TAction>(this ICrmEngineBuilder builder)
        where TAction : class, IWorkflowAction
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddRuntime(builder.Services);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkflowAction, TAction>());
        return builder;
    }

    /// <summary>Configures the workflow runtime (scheduler, leases, retries).</summary>
    /// <param name="builder">The engine builder.</param>
    /// <param name="configure">Sets <see cref="WorkflowRuntimeOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static ICrmEngineBuilder ConfigureWorkflows(this ICrmEngineBuilder builder, Action<WorkflowRuntimeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        AddRuntime(builder.Services).Configure(configure);
        return builder;
    }

    private static void Add(WorkflowRuntimeOptions options, WorkflowSource source)
    {
        // Registration is idempotent: adding the same file or folder twice registers it once.
        if (!options.Sources.Contains(source))
        {
            options.Sources.Add(source);
        }
    }

    private static Microsoft.Extensions.Options.OptionsBuilder<WorkflowRuntimeOptions> AddRuntime(IServiceCollection services)
    {
        var options = services.AddOptions<WorkflowRuntimeOptions>();
        if (services.Any(d => d.ServiceType == typeof(WorkflowRegistry)))
        {
            return options;
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<WorkflowRuntimeOptions>, WorkflowRuntimeOptionsValidator>());
        services.TryAddSingleton<WorkflowRegistry>();
        services.TryAddSingleton<WorkflowRuntime>();
        services.TryAddSingleton<WorkflowTimerScheduler>();
        services.TryAddSingleton<WorkflowEventDispatcher>();
        foreach (var action in WorkflowActions.CreateBuiltIn())
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IWorkflowAction), action.GetType()));
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkflowEntityResolver, CustomerWorkflowEntityResolver>());

        // A customer merge moves the merged customer's instances to the survivor, in the merge's transaction.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMergeParticipant, WorkflowMergeParticipant>());

        // Order matters: definitions load (and fail the start) before events and timers are processed.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmEngineComponent, WorkflowRegistry>(sp => sp.GetRequiredService<WorkflowRegistry>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmEngineComponent, WorkflowEventDispatcher>(sp => sp.GetRequiredService<WorkflowEventDispatcher>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmEngineComponent, WorkflowTimerScheduler>(sp => sp.GetRequiredService<WorkflowTimerScheduler>()));
        return options;
    }
}
