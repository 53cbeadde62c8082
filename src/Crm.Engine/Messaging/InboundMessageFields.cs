using Crm.Engine.Channels;
using Crm.Engine.Conditions;

namespace Crm.Engine.Messaging;

/// <summary>The fields auto-reply conditions can test, and their values for one inbound message.</summary>
internal sealed class InboundMessageFields(InboundMessage message, Customer customer, bool newLead) : IConditionTarget
{
    public static FieldCatalog Catalog { get; } = new("inbound message",
    [
        new("channel", FieldType.String),
        new("subject", FieldType.String),
        new("body", FieldType.String) { Description = "The plain-text body." },
        new("sender", FieldType.String) { Description = "The sender's address on the channel." },
        new("senderName", FieldType.String),
        new("newLead", FieldType.Boolean) { Description = "The sender was unknown and became a lead with this message." },
        new("lifecycleStage", FieldType.Enum) { AllowedValues = Enum.GetNames<LifecycleStage>() },
        new("tags", FieldType.StringSet),
    ]);

    public FieldValue GetValue(string field) => field switch
    {
        "channel" => FieldValue.FromString(message.Channel),
        "subject" => FieldValue.FromString(message.Subject),
        "body" => FieldValue.FromString(message.TextBody),
        "sender" => FieldValue.FromString(message.SenderAddress),
        "senderName" => FieldValue.FromString(message.SenderName),
        "newLead" => FieldValue.FromBoolean(newLead),
        "lifecycleStage" => FieldValue.FromString(customer.LifecycleStage.ToString()),
        "tags" => FieldValue.FromSet(customer.Tags.ToArray()),
        _ => FieldValue.Missing,
    };

    public IEnumerable<IConditionTarget> GetRelated(string relation) => [];
}
