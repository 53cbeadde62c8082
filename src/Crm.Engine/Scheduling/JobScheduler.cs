using System.Text.Json;
using Crm.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Scheduling;

/// <summary>Implements job scheduling for one caller; schedules join the caller's unit of work.</summary>
internal sealed class JobScheduler(CrmEngine engine, CrmCaller caller) : IJobScheduler
{
    private const int MaxKeyLength = 200;
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    public async Task<ScheduledJob> ScheduleAsync(JobRequest request, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.JobsWrite);
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var now = engine.Time.GetUtcNow();
        var job = new ScheduledJob
        {
            Id = Guid.CreateVersion7(now),
            TenantId = caller.TenantId,
            Kind = request.Kind,
            Key = request.Key,
            Payload = request.Payload,
            DueAt = request.DueAt,
            RepeatEvery = request.RepeatEvery,
            Status = ScheduledJobStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var stored = await session.Jobs.ScheduleAsync(job, request.Replace, cancellationToken).ConfigureAwait(false);
            if (engine.Services.GetService<JobRunner>() is { } runner)
            {
                AmbientUnitOfWork.RunAfterCommit(engine, () => runner.Notify(stored.DueAt));
            }

            return stored;
        }
    }

    public async Task<bool> CancelAsync(string key, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.JobsWrite);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Jobs.CancelAsync(key, engine.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<ScheduledJob?> FindAsync(string key, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.JobsRead);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Jobs.FindByKeyAsync(key, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<Page<ScheduledJob>> ListAsync(ScheduledJobQuery query, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.JobsRead);
        ArgumentNullException.ThrowIfNull(query);
        query.Page.Validate();
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Jobs.ListAsync(query, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Validate(JobRequest request)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.Kind))
        {
            errors.Add("kind", "is required.", "required");
        }
        else if (!engine.Services.GetServices<IScheduledJobHandler>().Any(h => string.Equals(h.Kind, request.Kind, StringComparison.Ordinal)))
        {
            var known = string.Join(", ", engine.Services.GetServices<IScheduledJobHandler>().Select(h => h.Kind).Order(StringComparer.Ordinal));
            errors.Add("kind", $"no handler runs jobs of kind '{request.Kind}'; register one with AddJobHandler. Known kinds: {known}.", "reference");
        }

        if (string.IsNullOrWhiteSpace(request.Key) || request.Key.Length > MaxKeyLength)
        {
            errors.Add("key", $"is required and has at most {MaxKeyLength} characters.", "required");
        }

        if (request.RepeatEvery is { } every && every < MinimumInterval)
        {
            errors.Add("repeatEvery", $"must be at least {MinimumInterval.TotalSeconds:0} second.", "range");
        }

        try
        {
            using var document = JsonDocument.Parse(request.Payload ?? "");
        }
        catch (JsonException e)
        {
            errors.Add("payload", $"is not JSON: {e.Message}", "json");
        }

        errors.ThrowIfAny("Job");
    }
}
