using System.Globalization;
using System.Text.Json;
using Crm.Engine.Events;

namespace Crm.Engine.Workflows.Actions;

/// <summary>
/// Records a task on the customer's timeline as an internal interaction on channel <c>task</c>, with due date and
/// assignee in its metadata: <c>{"action": "createTask", "params": {"title": "Call back", "due": "P1D", "assignee": "u-17"}}</c>.
/// Without an assignee the customer's owner is used.
/// </summary>
internal sealed class CreateTaskAction : IWorkflowAction
{
    /// <summary>The channel tasks are recorded on.</summary>
    public const string Channel = "task";

    public string Name => "createTask";

    public string ParameterSchema => """
        {
          "type": "object",
          "properties": {
            "title": { "type": "string", "minLength": 1, "maxLength": 200 },
            "description": { "type": "string", "maxLength": 4000 },
            "due": { "type": "string", "pattern": "^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$" },
            "assignee": { "type": "string", "minLength": 1, "maxLength": 128 }
          },
          "required": ["title"],
          "additionalProperties": false
        }
        """;

    public async Task ExecuteAsync(WorkflowActionContext context, JsonElement parameters, CancellationToken cancellationToken)
    {
        var session = CustomerActionWriter.Session(context, Name);
        var customer = await session.Customers.GetAsync(context.EntityId, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(Customer), context.EntityId);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["workflowId"] = context.WorkflowId,
            ["instanceId"] = context.InstanceId.ToString("D", CultureInfo.InvariantCulture),
        };
        if (parameters.TryGetProperty("due", out var due))
        {
            metadata["dueAt"] = IsoDuration.Parse(due.GetString()!).AddTo(context.Now).ToString("O", CultureInfo.InvariantCulture);
        }

        if ((parameters.TryGetProperty("assignee", out var assignee) ? assignee.GetString() : customer.OwnerId) is { } who)
        {
            metadata["assignee"] = who;
        }

        var task = new Interaction
        {
            Id = Guid.CreateVersion7(context.Now),
            TenantId = session.TenantId,
            CustomerId = customer.Id,
            Channel = Channel,
            Direction = InteractionDirection.Internal,
            OccurredAt = context.Now,
            Subject = parameters.GetProperty("title").GetString(),
            Body = parameters.TryGetProperty("description", out var description) ? description.GetString() : null,
            ExternalId = context.IdempotencyKey.Length <= 200 ? context.IdempotencyKey : null,
            Metadata = metadata,
            CreatedAt = context.Now,
        };
        var errors = new ValidationErrors();
        InteractionValidator.Validate(task, errors);
        errors.ThrowIfAny(nameof(Interaction));
        var stored = await session.Interactions.InsertAsync(task, cancellationToken).ConfigureAwait(false);
        context.PublishAfterCommit?.Invoke(new InteractionRecorded(stored)
        {
            EventId = Guid.CreateVersion7(context.Now),
            TenantId = stored.TenantId,
            OccurredAt = context.Now,
            Actor = WorkflowEventDispatcher.ActorPrefix + context.InstanceId,
        });
    }
}
