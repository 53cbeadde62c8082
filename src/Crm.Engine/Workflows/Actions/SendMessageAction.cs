using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crm.Engine.Channels;
using Crm.Engine.Messaging;

namespace Crm.Engine.Workflows.Actions;

/// <summary>
/// <c>sendMessage</c>: renders a template for the workflow's customer and enqueues it in the outbox inside the step's
/// transaction, so the message exists exactly when the transition does. The key is derived from the step's idempotency
/// key, so a retried step enqueues it once.
/// </summary>
internal sealed class SendMessageAction : IWorkflowAction
{
    public string Name => "sendMessage";

    public string ParameterSchema => """
        {
          "type": "object",
          "properties": {
            "channel": { "type": "string", "minLength": 1, "maxLength": 50 },
            "template": { "type": "string", "minLength": 1, "maxLength": 200 },
            "purpose": { "type": "string", "minLength": 1, "maxLength": 50 },
            "data": { "type": "object", "additionalProperties": { "type": ["string", "number", "boolean"] } }
          },
          "required": ["channel", "template"],
          "additionalProperties": false
        }
        """;

    public async Task ExecuteAsync(WorkflowActionContext context, JsonElement parameters, CancellationToken cancellationToken)
    {
        var session = CustomerActionWriter.Session(context, Name);
        var channel = parameters.GetProperty("channel").GetString()!;
        var template = parameters.GetProperty("template").GetString()!;
        var data = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (parameters.TryGetProperty("data", out var values))
        {
            foreach (var value in values.EnumerateObject())
            {
                data[value.Name] = value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString() : value.Value.ToString();
            }
        }

        var request = new MessageRequest
        {
            Channel = channel,
            CustomerId = context.EntityId,
            TemplateId = template,
            Data = data,
            Purpose = parameters.TryGetProperty("purpose", out var purpose) ? purpose.GetString()! : MessagePurposes.Transactional,
            IdempotencyKey = Key(context, channel, template),
        };
        var (_, queued) = await MessagingService.EnqueueAsync(session, context.Now, context.Crm.Templates, WorkflowEventDispatcher.ActorPrefix + context.InstanceId, request, cancellationToken).ConfigureAwait(false);
        if (queued is not null)
        {
            context.PublishAfterCommit?.Invoke(queued);
        }
    }

    private static string Key(WorkflowActionContext context, string channel, string template)
    {
        var raw = $"wf:{context.InstanceId:N}:{context.IdempotencyKey}:{channel}:{template}";
        return raw.Length <= 200 ? raw : "wf:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)));
    }
}
