using Crm.Engine.Templates;

namespace Crm.Engine.Messaging;

/// <summary>
/// Configures the outbox dispatcher, scheduled jobs, inbound polling and automation. Bind it from configuration or set
/// it with <c>ConfigureMessaging</c> on the engine builder.
/// </summary>
public sealed class MessagingOptions
{
    /// <summary>Gets or sets a value indicating whether this engine instance sends outbox messages. Default <see langword="true"/>.</summary>
    public bool DispatchOutbox { get; set; } = true;

    /// <summary>Gets or sets how many attempts a message gets before it is dead-lettered. Default 8.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Gets or sets the delay before the first retry; each further retry doubles it, with jitter. Default 30 seconds.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the longest delay between retries. Default one hour.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Gets or sets how long a claimed message stays leased to this instance. If the instance dies, another one sends
    /// the message after the lease expires. Must exceed <see cref="SendTimeout"/>. Default two minutes.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets how long one send may take before it counts as a transient failure. Default 30 seconds.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many messages one claim takes. Default 50.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>Gets or sets how many sends run at once. Default 8.</summary>
    public int MaxConcurrentSends { get; set; } = 8;

    /// <summary>
    /// Gets or sets how often the dispatcher and the job runner look for work written by other instances (work written
    /// by this instance wakes them at once). Default five seconds.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets a value indicating whether this engine instance runs scheduled jobs. Default <see langword="true"/>.</summary>
    public bool RunJobs { get; set; } = true;

    /// <summary>Gets or sets how many times a failing job runs before it is marked failed. Default 5.</summary>
    public int JobMaxAttempts { get; set; } = 5;

    /// <summary>
    /// Gets or sets how long one job run may take before it is cancelled and counts as a failed attempt. Must be shorter
    /// than <see cref="JobLeaseDuration"/>, so a run never outlives its lease and runs twice. Default two minutes.
    /// </summary>
    public TimeSpan JobTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets how long a claimed job stays leased to this instance. Default five minutes.</summary>
    public TimeSpan JobLeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets the tenants whose inbound pollers (mailboxes, social notifications) this instance polls.</summary>
    public IList<string> PollInboundForTenants { get; } = [];

    /// <summary>Gets or sets the identity of this instance in leases; unique per process by default.</summary>
    public string InstanceId { get; set; } = Environment.MachineName + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Gets the templates registered when the engine starts (more can be registered at run time).</summary>
    public IList<MessageTemplate> Templates { get; } = [];

    /// <summary>Gets the auto-reply rules, tried in order; the first match replies.</summary>
    public IList<AutoReplyRule> AutoReplies { get; } = [];

    /// <summary>Gets the follow-up rules.</summary>
    public IList<FollowUpRule> FollowUps { get; } = [];
}
