using System.Text.Json;

namespace Crm.Engine.Scheduling;

/// <summary>Schedules follow-up reminders as <see cref="ReminderJobHandler.JobKind"/> jobs.</summary>
internal sealed class ReminderService(ICrmContext context) : IReminderService
{
    private const int MaxNoteLength = 1_000;

    public async Task<ScheduledJob> ScheduleAsync(ReminderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.Note) || request.Note.Length > MaxNoteLength)
        {
            errors.Add("note", $"is required and has at most {MaxNoteLength} characters.", "required");
        }

        errors.ThrowIfAny("Reminder");
        var customer = await context.Customers.GetAsync(request.CustomerId, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(Customer), request.CustomerId);
        var payload = new ReminderPayload(customer.Id, request.Note.Trim(), request.AssignedTo ?? customer.OwnerId);
        return await context.Scheduler.ScheduleAsync(new JobRequest
        {
            Kind = ReminderJobHandler.JobKind,
            Key = request.Key ?? "reminder:" + Guid.NewGuid().ToString("N"),
            DueAt = request.DueAt,
            Payload = JsonSerializer.Serialize(payload, SchedulingJson.Default.ReminderPayload),
            Replace = true,
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<bool> CancelAsync(string key, CancellationToken cancellationToken = default) => context.Scheduler.CancelAsync(key, cancellationToken);
}
