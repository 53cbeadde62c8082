using System.ComponentModel.DataAnnotations;

namespace Crm.Engine.Workflows;

/// <summary>Configures the workflow runtime: the timer scheduler and how fires retry on conflicts.</summary>
public sealed class WorkflowRuntimeOptions
{
    /// <summary>Gets or sets whether this engine fires due timers. Turn it off in tools that only inspect or migrate.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool RunScheduler { get; set; } = true;

    /// <summary>Gets or sets how long a claimed timer stays leased to this engine; a crashed engine's timers are fired by another after it.</summary>
    /// <value>The default is 1 minute.</value>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan TimerLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how often the scheduler looks for due timers even when it knows of none (timers written by other engines).</summary>
    /// <value>The default is 1 minute.</value>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan TimerPollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the most timers claimed at once.</summary>
    /// <value>The default is 100.</value>
    [Range(1, 10_000)]
    public int TimerBatchSize { get; set; } = 100;

    /// <summary>Gets or sets how often a fire is retried when the instance changed underneath it (optimistic concurrency).</summary>
    /// <value>The default is 3.</value>
    [Range(0, 100)]
    public int ConcurrencyRetries { get; set; } = 3;

    /// <summary>Gets the definition sources added with <c>AddWorkflow</c> and <c>AddWorkflowsFromDirectory</c>.</summary>
    internal List<WorkflowSource> Sources { get; } = [];
}
