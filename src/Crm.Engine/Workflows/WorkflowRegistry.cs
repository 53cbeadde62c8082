using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Workflows;

/// <summary>
/// Loads, validates and compiles the registered definitions when the engine starts, and finds a definition by
/// workflow id and version afterwards. A bad definition fails the engine start with every error found.
/// </summary>
internal sealed class WorkflowRegistry(
    IOptions<WorkflowRuntimeOptions> options,
    IEnumerable<IWorkflowAction> actions,
    ILogger<WorkflowRegistry> logger) : ICrmEngineComponent
{
    private readonly Lock _lock = new();
    private FrozenDictionary<string, CompiledWorkflow[]> _byId = FrozenDictionary<string, CompiledWorkflow[]>.Empty;
    private IReadOnlyDictionary<string, IWorkflowAction>? _actions;
    private bool _loaded;

    /// <summary>Gets every compiled definition, all versions.</summary>
    public IEnumerable<CompiledWorkflow> All => _byId.Values.SelectMany(v => v);

    /// <summary>Gets whether any definition is registered.</summary>
    public bool IsEmpty => _byId.Count == 0;

    /// <summary>Gets the actions by name.</summary>
    public IReadOnlyDictionary<string, IWorkflowAction> Actions => _actions ??= actions.ToDictionary(a => a.Name, StringComparer.Ordinal);

    public Task StartAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Finds a definition version.</summary>
    public CompiledWorkflow? Find(string workflowId, int version)
    {
        ThrowIfNotLoaded();
        return _byId.TryGetValue(workflowId, out var versions) ? Array.Find(versions, v => v.Definition.Version == version) : null;
    }

    /// <summary>Finds the latest version of a workflow.</summary>
    public CompiledWorkflow? Latest(string workflowId)
    {
        ThrowIfNotLoaded();
        return _byId.TryGetValue(workflowId, out var versions) ? versions[^1] : null;
    }

    /// <summary>Names the registered workflows for error messages.</summary>
    public string Known() => _byId.Count == 0 ? "none" : string.Join(", ", _byId.Keys.Order(StringComparer.Ordinal).Select(k => $"'{k}'"));

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_loaded)
            {
                return;
            }
        }

        var loader = new WorkflowDefinitionLoader(Actions.Values);
        var errors = new List<ValidationError>();
        var compiled = new List<CompiledWorkflow>();
        var inline = 0;
        foreach (var (json, source) in await ReadSourcesAsync(cancellationToken).ConfigureAwait(false))
        {
            var name = source ?? $"inline workflow #{++inline}";
            var (definition, found) = loader.Validate(json, name);
            if (definition is null)
            {
                errors.AddRange(found);
                continue;
            }

            var result = WorkflowCompiler.Compile(definition, Actions);
            if (result.Errors.Count > 0)
            {
                errors.AddRange(result.Errors);
                continue;
            }

            compiled.Add(result.Workflow!);
        }

        var byId = new Dictionary<string, CompiledWorkflow[]>(StringComparer.Ordinal);
        foreach (var group in compiled.GroupBy(c => c.Definition.Id, StringComparer.Ordinal))
        {
            var versions = new List<CompiledWorkflow>();
            foreach (var workflow in group.OrderBy(c => c.Definition.Version))
            {
                if (versions.Count > 0 && versions[^1].Definition.Version == workflow.Definition.Version)
                {
                    errors.Add(new ValidationError("$.version", $"workflow '{workflow.Definition.Id}' version {workflow.Definition.Version} is registered twice (also from {versions[^1].Definition.Source}); give each change a new version.")
                    {
                        Rule = "duplicateVersion",
                        Source = workflow.Definition.Source,
                    });
                    continue;
                }

                versions.Add(workflow);
            }

            byId[group.Key] = [.. versions];
        }

        if (errors.Count > 0)
        {
            throw new CrmValidationException(errors);
        }

        lock (_lock)
        {
            _byId = byId.ToFrozenDictionary(StringComparer.Ordinal);
            _loaded = true;
        }

        foreach (var workflow in compiled)
        {
            WorkflowLog.DefinitionLoaded(logger, workflow.Definition.Id, workflow.Definition.Version, workflow.Definition.Source ?? "inline");
        }
    }

    private async Task<List<(string Json, string? Source)>> ReadSourcesAsync(CancellationToken cancellationToken)
    {
        var documents = new List<(string, string?)>();
        foreach (var source in options.Value.Sources)
        {
            switch (source.Kind)
            {
                case WorkflowSourceKind.Json:
                    documents.Add((source.Value, null));
                    break;
                case WorkflowSourceKind.File:
                    documents.Add((await ReadFileAsync(source.Value, cancellationToken).ConfigureAwait(false), source.Value));
                    break;
                default:
                    if (!Directory.Exists(source.Value))
                    {
                        throw new CrmValidationException(source.Value, $"the workflow folder '{source.Value}' does not exist.", "missingFolder");
                    }

                    foreach (var file in Directory.EnumerateFiles(source.Value, "*.json").Order(StringComparer.Ordinal))
                    {
                        documents.Add((await ReadFileAsync(file, cancellationToken).ConfigureAwait(false), file));
                    }

                    break;
            }
        }

        return documents;
    }

    private static async Task<string> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CrmValidationException([new ValidationError("$", $"the workflow file cannot be read: {e.Message}") { Rule = "io", Source = path }]);
        }
    }

    private void ThrowIfNotLoaded()
    {
        if (!_loaded)
        {
            throw new InvalidOperationException("Workflow definitions are loaded when the engine starts; call ICrmEngine.InitializeAsync first.");
        }
    }
}
