using System.Text.Json.Serialization;

namespace Crm.Engine.Scheduling;

/// <summary>The stored input of a reminder job.</summary>
internal sealed record ReminderPayload(Guid CustomerId, string Note, string? AssignedTo);

/// <summary>The stored input of a follow-up job.</summary>
internal sealed record FollowUpPayload(string Rule, Guid MessageId, Guid CustomerId, DateTimeOffset DeliveredAt);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ReminderPayload))]
[JsonSerializable(typeof(FollowUpPayload))]
internal sealed partial class SchedulingJson : JsonSerializerContext;
