using System.Text.Json;
using Crm.Engine.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Loyalty;

/// <summary>
/// Awards points to the workflow's customer through the installed loyalty program:
/// <c>{"action": "awardPoints", "params": {"points": 100, "reason": "Welcome bonus"}}</c>. Keyed by the step's
/// idempotency key, so a retried or replayed step awards once; written in the step's transaction.
/// </summary>
internal sealed class AwardPointsAction(IServiceProvider services) : IWorkflowAction
{
    public string Name => "awardPoints";

    public string ParameterSchema => """
        {"type":"object","properties":{"points":{"type":"integer","minimum":1,"maximum":100000000},"reason":{"type":"string","minLength":1,"maxLength":500}},"required":["points","reason"],"additionalProperties":false}
        """;

    public async Task ExecuteAsync(WorkflowActionContext context, JsonElement parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!string.Equals(context.EntityKind, "customer", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"awardPoints awards points to customers; workflow '{context.WorkflowId}' drives a {context.EntityKind}.");
        }

        var posting = new LoyaltyPosting
        {
            CustomerId = context.EntityId,
            Kind = LoyaltyEntryKind.Earn,
            Points = parameters.GetProperty("points").GetInt64(),
            Reason = parameters.GetProperty("reason").GetString()!,
            IdempotencyKey = "workflow:" + context.IdempotencyKey,
            SourceId = context.WorkflowId + "/" + context.InstanceId.ToString("N", System.Globalization.CultureInfo.InvariantCulture),
        };

        if (context.Storage is null || context.PublishAfterCommit is null)
        {
            await context.Crm.Loyalty.PostAsync(posting, cancellationToken).ConfigureAwait(false);
            return;
        }

        // In the runtime: write through the step's session, so the points commit with the step or not at all.
        var program = services.GetRequiredService<LoyaltyProgramLocator>().Find()
            ?? throw new NotSupportedException(LoyaltyProgramLocator.NotInstalledMessage);
        var result = await program.PostAsync(context.Storage, posting, "workflow:" + context.WorkflowId, cancellationToken).ConfigureAwait(false);
        foreach (var raised in result.Events)
        {
            context.PublishAfterCommit(raised);
        }
    }
}
